import { useId, useState } from 'react';
import {
  BLOCK_HINTS,
  BLOCK_LABELS,
  BLOCK_NAMES,
  MOOD_AXIS_NAMES,
  type MovieCardData,
  type RecommendationData,
  type SongCardData,
  type SoundtrackLinkData,
} from '../../../../shared/recommend-schemas';
import { backend } from '../../api/backend';
import { errorText, formatTrackLength } from '../../lib/format';
import { languageName } from '../../lib/languages';
import { useDiscover, type PickedItem } from '../../state/discover';
import { Icon } from '../Icon';
import { AddToList } from './AddToList';
import { PosterImage } from './TitleCard';

const AXIS_LABELS: Record<(typeof MOOD_AXIS_NAMES)[number], string> = {
  valence: 'Happiness',
  energy: 'Energy',
  danceability: 'Rhythm',
  acousticness: 'Acoustic',
  pace: 'Pace',
};

const MATCH_HELP = 'How close this is to your picks, as a share of a perfect match under the current weights: 100% would be identical in every part you weigh.';

function pickOf(kind: 'song' | 'movie', itemId: number, song: SongCardData | null, movie: MovieCardData | null): PickedItem {
  return song
    ? { kind: 'song', id: itemId, label: song.title, detail: song.artists, posterId: null }
    : { kind, id: itemId, label: movie?.title ?? `#${itemId}`, detail: String(movie?.releaseYear ?? ''), posterId: movie?.posterId ?? null };
}

/** A colour derived from the album (or title), standing in for album art. */
function albumColour(song: SongCardData): string {
  let hash = 0;
  for (const char of song.album ?? song.title) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  const hue = hash % 360;
  return `linear-gradient(135deg, hsl(${hue} 55% 45%), hsl(${(hue + 40) % 360} 60% 28%))`;
}

/** One ranked result: a poster tile for a movie, a row for a song. */
export function ResultCard({ result, rank }: { result: RecommendationData; rank: number }) {
  const [why, setWhy] = useState(false);
  const whyId = useId();
  const [linkError, setLinkError] = useState<string | null>(null);
  const moreLikeThis = useDiscover((state) => state.moreLikeThis);
  const title = result.song?.title ?? result.movie?.title ?? `#${result.itemId}`;
  const open = (url: string) =>
    backend()
      .openLink(url)
      .catch((error: unknown) => setLinkError(errorText(error)));
  const others = result.otherVersions.length;

  const actions = (
    <div className="result__actions">
      <button type="button" className="button button--small" onClick={() => moreLikeThis(pickOf(result.kind, result.itemId, result.song, result.movie))}>
        More like this
      </button>
      <button type="button" className="button button--quiet button--small" aria-expanded={why} aria-controls={whyId} onClick={() => setWhy(!why)}>
        Why?
      </button>
      {result.song && (
        <button type="button" className="button button--quiet button--small" onClick={() => void open(result.song!.spotifyUrl)}>
          Listen on Spotify
        </button>
      )}
      {result.movie?.tmdbUrl && (
        <button type="button" className="button button--quiet button--small" onClick={() => void open(result.movie!.tmdbUrl!)}>
          TMDb
        </button>
      )}
      {result.movie?.imdbUrl && (
        <button type="button" className="button button--quiet button--small" onClick={() => void open(result.movie!.imdbUrl!)}>
          IMDb
        </button>
      )}
      <AddToList kind={result.kind} itemId={result.itemId} title={title} />
    </div>
  );

  return (
    <li className={`result result--${result.kind}${why ? ' result--open' : ''}`} aria-label={`${rank}. ${title}`}>
      {result.movie ? (
        <div className="result__poster">
          <PosterImage posterId={result.movie.posterId} title={result.movie.title} year={result.movie.releaseYear} />
          <MatchBadge match={result.match} />
        </div>
      ) : (
        <div className="result__art" style={result.song ? { background: albumColour(result.song) } : undefined} aria-hidden="true">
          <Icon name="song" size={18} />
        </div>
      )}
      <div className="result__body">
        <h3 className="result__title">
          <span className="result__rank">{rank}.</span> {title}
        </h3>
        {result.movie && (
          <p className="result__detail">
            {[
              result.movie.releaseYear,
              result.movie.genres.slice(0, 2).join(', '),
              result.movie.originalLanguage && result.movie.originalLanguage !== 'en' ? languageName(result.movie.originalLanguage) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        )}
        {result.song && (
          <p className="result__detail">
            <span className="result__artists">{result.song.artists}</span>
            {result.song.releaseYear ? <span> · {result.song.releaseYear}</span> : null}
            {formatTrackLength(result.song.durationMs) ? <span> · {formatTrackLength(result.song.durationMs)}</span> : null}
            {others > 0 && <span className="muted"> · {others === 1 ? '1 other version' : `${others} other versions`}</span>}
          </p>
        )}
        {result.reasons.length > 0 && <p className="result__reasons">{result.reasons.slice(0, 2).join(' · ')}</p>}
        {linkError && <p className="error small">{linkError}</p>}
      </div>
      {result.song && <MatchBadge match={result.match} />}
      {actions}
      {why && <WhyPanel id={whyId} result={result} />}
    </li>
  );
}

function MatchBadge({ match }: { match: number }) {
  const percent = Math.round(match);
  return (
    <span className="match" title={MATCH_HELP} aria-label={`${percent}% match. ${MATCH_HELP}`}>
      {percent}%
    </span>
  );
}

/** Each block's share of the score, to scale (negative blocks, such as a poor era fit, pull it down), then the mood axes. */
function WhyPanel({ id, result }: { id: string; result: RecommendationData }) {
  const total = BLOCK_NAMES.reduce((sum, block) => sum + Math.abs(result.blocks[block]), 0) || 1;
  const score = result.score || 1e-9;
  const width = (value: number) => `${Math.min(100, (Math.abs(value) / total) * 100)}%`;
  const share = (value: number) => `${value >= 0 ? '' : '−'}${Math.round((Math.abs(value) / Math.abs(score)) * 100)}%`;
  return (
    <div className="why-panel" id={id}>
      <h4>What the {Math.round(result.match)}% is made of</h4>
      <dl className="bars">
        {BLOCK_NAMES.filter((block) => result.blocks[block] !== 0).map((block) => (
          <div key={block} className="bar">
            <dt title={BLOCK_HINTS[block]}>{BLOCK_LABELS[block]}</dt>
            <dd>
              <span className="bar__track">
                <span className={`bar__fill${result.blocks[block] < 0 ? ' bar__fill--negative' : ''}`} style={{ width: width(result.blocks[block]) }} />
              </span>
              <span className="bar__value">{share(result.blocks[block])}</span>
            </dd>
          </div>
        ))}
      </dl>
      {result.axes.length > 0 && (
        <>
          <h4>Inside mood</h4>
          <dl className="bars">
            {result.axes.map((axis) => (
              <div key={axis.axis} className="bar">
                <dt>{AXIS_LABELS[axis.axis]}</dt>
                <dd>
                  <span className="bar__track">
                    <span
                      className={`bar__fill bar__fill--mood${axis.contribution < 0 ? ' bar__fill--negative' : ''}`}
                      style={{ width: width(axis.contribution) }}
                    />
                  </span>
                  <span className="bar__value">
                    {share(axis.contribution)} {axis.side === 'mixed' ? '(they differ)' : `(both ${axis.side})`}
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {result.reasons.length > 2 && <p className="small">{result.reasons.join(' · ')}</p>}
      <p className="muted small">Shares of the score; bars share one scale. The parts sum to the match.</p>
    </div>
  );
}

/** An explicit soundtrack link (not scored): shown before the ranked matches. */
export function LinkCard({ link }: { link: SoundtrackLinkData }) {
  const title = link.song?.title ?? link.movie?.title ?? `#${link.itemId}`;
  const moreLikeThis = useDiscover((state) => state.moreLikeThis);
  return (
    <li className={`result result--${link.kind} result--link`} aria-label={title}>
      {link.movie ? (
        <div className="result__poster">
          <PosterImage posterId={link.movie.posterId} title={link.movie.title} year={link.movie.releaseYear} />
        </div>
      ) : (
        <div className="result__art" style={link.song ? { background: albumColour(link.song) } : undefined} aria-hidden="true">
          <Icon name="song" size={18} />
        </div>
      )}
      <div className="result__body">
        <h3 className="result__title">{title}</h3>
        <p className="result__detail">
          {link.song
            ? [link.song.artists, link.song.releaseYear, formatTrackLength(link.song.durationMs)].filter(Boolean).join(' · ')
            : (link.movie?.releaseYear ?? '')}
        </p>
        <p className="result__reasons">{link.evidence}</p>
      </div>
      <div className="result__actions">
        <button type="button" className="button button--small" onClick={() => moreLikeThis(pickOf(link.kind, link.itemId, link.song, link.movie))}>
          More like this
        </button>
        <AddToList kind={link.kind} itemId={link.itemId} title={title} />
      </div>
    </li>
  );
}
