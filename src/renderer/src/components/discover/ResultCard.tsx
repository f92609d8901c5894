import { useState } from 'react';
import { BLOCK_NAMES, MOOD_AXIS_NAMES, type RecommendationData } from '../../../../shared/recommend-schemas';
import { backend } from '../../api/backend';
import { errorText } from '../../lib/format';
import { useDiscover, type PickedItem } from '../../state/discover';
import { AddToList } from './AddToList';
import { BLOCK_LABELS } from '../../../../shared/recommend-schemas';
import { PosterImage } from './TitleCard';

const AXIS_LABELS: Record<(typeof MOOD_AXIS_NAMES)[number], string> = { valence: 'Valence', energy: 'Energy', danceability: 'Rhythm', acousticness: 'Acoustic', pace: 'Pace' };

export function ResultCard({ result, rank }: { result: RecommendationData; rank: number }) {
  const [why, setWhy] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);
  const moreLikeThis = useDiscover((state) => state.moreLikeThis);
  const title = result.song?.title ?? result.movie?.title ?? `#${result.itemId}`;
  const asPick: PickedItem = result.song
    ? { kind: 'song', id: result.itemId, label: result.song.title, detail: result.song.artists, posterId: null }
    : { kind: 'movie', id: result.itemId, label: title, detail: String(result.movie?.releaseYear ?? ''), posterId: result.movie?.posterId ?? null };
  const open = (url: string) => backend().openLink(url).catch((error: unknown) => setLinkError(errorText(error)));
  const maxBlock = Math.max(...BLOCK_NAMES.map((block) => Math.abs(result.blocks[block])), 1e-6);

  return (
    <li className={`result-card result-card--${result.kind}`} aria-label={`${rank}. ${title}`}>
      <div className="result-card__media">
        {result.movie ? (
          <PosterImage posterId={result.movie.posterId} title={result.movie.title} year={result.movie.releaseYear} />
        ) : (
          <div className="track-art" aria-hidden="true">♪</div>
        )}
      </div>
      <div className="result-card__body">
        <h3 className="result-card__title">
          <span className="result-card__rank">{rank}.</span> {title}
          {result.movie?.releaseYear ? <span className="muted"> ({result.movie.releaseYear})</span> : null}
        </h3>
        {result.song && (
          <p className="result-card__detail">
            {result.song.artists}
            {result.song.album ? ` · ${result.song.album}` : ''}
          </p>
        )}
        {result.movie && result.movie.genres.length > 0 && <p className="result-card__detail">{result.movie.genres.join(', ')}</p>}
        <p className="result-card__score" title="Weighted sum of block similarities">
          match <strong>{Math.round(result.score * 100)}</strong>
        </p>
        <ul className="reasons" aria-label="Why it matches">
          {result.reasons.map((reason) => (
            <li key={reason} className="reason-chip">
              {reason}
            </li>
          ))}
        </ul>
        <div className="actions actions--compact">
          {result.song && (
            <button type="button" className="button button--small" onClick={() => void open(result.song!.spotifyUrl)}>
              Listen on Spotify
            </button>
          )}
          {result.movie?.tmdbUrl && (
            <button type="button" className="button button--small" onClick={() => void open(result.movie!.tmdbUrl!)}>
              Open on TMDb
            </button>
          )}
          {result.movie?.imdbUrl && (
            <button type="button" className="button button--small" onClick={() => void open(result.movie!.imdbUrl!)}>
              IMDb
            </button>
          )}
          <button type="button" className="button button--small" onClick={() => moreLikeThis(asPick)}>
            More like this
          </button>
          <button type="button" className="button button--quiet button--small" aria-expanded={why} onClick={() => setWhy(!why)}>
            Why?
          </button>
          <AddToList kind={result.kind} itemId={result.itemId} title={title} />
        </div>
        {linkError && <p className="error small">{linkError}</p>}
        {why && (
          <div className="why-panel">
            <h4>Blocks</h4>
            <dl className="bars">
              {BLOCK_NAMES.map((block) => (
                <div key={block} className="bar">
                  <dt>{BLOCK_LABELS[block]}</dt>
                  <dd>
                    <span className={`bar__fill${result.blocks[block] < 0 ? ' bar__fill--negative' : ''}`} style={{ width: `${(Math.abs(result.blocks[block]) / maxBlock) * 100}%` }} />
                    <span className="bar__value">{result.blocks[block].toFixed(3)}</span>
                  </dd>
                </div>
              ))}
            </dl>
            <h4>Mood axes</h4>
            <dl className="bars">
              {result.axes.map((axis) => (
                <div key={axis.axis} className="bar">
                  <dt>{AXIS_LABELS[axis.axis]}</dt>
                  <dd>
                    <span className={`bar__fill${axis.contribution < 0 ? ' bar__fill--negative' : ''}`} style={{ width: `${Math.min(100, Math.abs(axis.contribution) / maxBlock * 100)}%` }} />
                    <span className="bar__value">
                      {axis.contribution.toFixed(3)} {axis.side === 'mixed' ? '(differ)' : `(both ${axis.side})`}
                    </span>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </div>
    </li>
  );
}
