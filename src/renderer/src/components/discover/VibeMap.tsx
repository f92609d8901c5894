import {
  PolarAngleAxis,
  PolarGrid,
  PolarRadiusAxis,
  Radar,
  RadarChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
  Legend,
} from 'recharts';
import { MOOD_AXIS_NAMES, type RecommendResponseData } from '../../../../shared/recommend-schemas';
import { plural } from '../../lib/format';

const VALENCE = MOOD_AXIS_NAMES.indexOf('valence');
const ENERGY = MOOD_AXIS_NAMES.indexOf('energy');
const AXIS_LABELS = { valence: 'Happiness', energy: 'Energy', danceability: 'Rhythm', acousticness: 'Acoustic', pace: 'Pace' } as const;

interface Point {
  readonly valence: number;
  readonly energy: number;
  readonly name: string;
}

/**
 * Picks and results on the happiness × energy plane, and a radar of the picks' mood (recharts).
 * Each chart is one image with a name and a text summary for screen readers; the charts' own
 * keyboard layer is off, so Tab never gets stuck inside an SVG.
 */
export function VibeMap({ response }: { response: RecommendResponseData }) {
  const point = (mood: readonly number[] | null, name: string): Point[] =>
    mood ? [{ valence: round(mood[VALENCE]!), energy: round(mood[ENERGY]!), name }] : [];
  const picks = response.picks.flatMap((pick) => point(pick.mood, pick.song?.title ?? pick.movie?.title ?? ''));
  const results = response.results.flatMap((result) => point(result.mood, result.song?.title ?? result.movie?.title ?? ''));
  const radar = response.profileMood ? MOOD_AXIS_NAMES.map((axis, index) => ({ axis: AXIS_LABELS[axis], profile: round(response.profileMood![index]!) })) : [];
  const mean = (points: Point[], key: 'valence' | 'energy') => (points.length ? points.reduce((sum, each) => sum + each[key], 0) / points.length : 0);
  const summary = `${plural(picks.length, 'pick')} around happiness ${pct(mean(picks, 'valence'))} and energy ${pct(mean(picks, 'energy'))}; ${plural(results.length, 'result')} around happiness ${pct(mean(results, 'valence'))} and energy ${pct(mean(results, 'energy'))}.`;

  return (
    <section className="vibe-map" aria-labelledby="vibe-map-title">
      <h3 id="vibe-map-title">Vibe map</h3>
      <figure className="chart">
        <div role="img" aria-label={`Vibe map: picks and results by happiness and energy. ${summary}`}>
          <ResponsiveContainer width="100%" height={220}>
            <ScatterChart margin={{ top: 8, right: 12, bottom: 24, left: 0 }} accessibilityLayer={false}>
              <XAxis type="number" dataKey="valence" name="Happiness" domain={[0, 1]} label={{ value: 'sad → happy', position: 'bottom', offset: 4 }} />
              <YAxis type="number" dataKey="energy" name="Energy" domain={[0, 1]} label={{ value: 'energy', angle: -90, position: 'insideLeft' }} />
              <ZAxis type="category" dataKey="name" name="Title" />
              <Tooltip cursor={{ strokeDasharray: '3 3' }} />
              <Legend verticalAlign="top" height={24} />
              <Scatter name="Results" data={results} fill="var(--accent-2)" isAnimationActive={false} />
              <Scatter name="Picks" data={picks} fill="var(--accent)" shape="star" isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
        <figcaption className="visually-hidden">{summary}</figcaption>
      </figure>
      {radar.length > 0 && (
        <figure className="chart">
          <div role="img" aria-label={`Mood of your picks: ${radar.map((entry) => `${entry.axis} ${pct(entry.profile)}`).join(', ')}.`}>
            <ResponsiveContainer width="100%" height={200}>
              <RadarChart data={radar} outerRadius={70} accessibilityLayer={false}>
                <PolarGrid />
                <PolarAngleAxis dataKey="axis" />
                <PolarRadiusAxis domain={[0, 1]} tickCount={3} />
                <Radar name="Your picks" dataKey="profile" stroke="var(--accent)" fill="var(--accent)" fillOpacity={0.35} isAnimationActive={false} />
              </RadarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      )}
    </section>
  );
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const pct = (value: number) => `${Math.round(value * 100)}%`;
