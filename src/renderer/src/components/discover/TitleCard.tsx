import { usePoster } from '../../api/use-poster';

/** A generated stand-in for a movie without a poster: its title on a colour derived from it. */
export function TitleCard({ title, year }: { title: string; year: number | null }) {
  let hash = 0;
  for (const char of title) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  const hue = hash % 360;
  return (
    <div className="title-card" style={{ background: `linear-gradient(160deg, hsl(${hue} 45% 32%), hsl(${(hue + 50) % 360} 55% 18%))` }} aria-hidden="true">
      <span className="title-card__title">{title}</span>
      {year !== null && <span className="title-card__year">{year}</span>}
    </div>
  );
}

export function PosterImage({ posterId, title, year }: { posterId: number | null; title: string; year: number | null }) {
  const poster = usePoster(posterId);
  if (poster.status === 'loading') return <div className="poster-image" aria-hidden="true" />;
  if (poster.src === null) return <TitleCard title={title} year={year} />;
  return <img className="poster-image" src={poster.src} alt="" loading="lazy" decoding="async" />;
}
