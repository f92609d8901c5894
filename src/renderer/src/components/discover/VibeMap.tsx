import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, Legend } from 'recharts';
import { MOOD_AXIS_NAMES, type RecommendResponseData } from '../../../../shared/recommend-schemas';

const VALENCE = MOOD_AXIS_NAMES.indexOf('valence');
const ENERGY = MOOD_AXIS_NAMES.indexOf('energy');
const AXIS_LABELS = { valence: 'Valence', energy: 'Energy', danceability: 'Rhythm', acousticness: 'Acoustic', pace: 'Pace' } as const;

interface Point {
  readonly valence: number;
  readonly energy: number;
  readonly name: string;
}

/** Picks and results on the valence × energy plane, and a radar of the profile's mood axes (recharts). */
export function VibeMap({ response }: { response: RecommendResponseData }) {
  const point = (mood: readonly number[] | null, name: string): Point[] => (mood ? [{ valence: round(mood[VALENCE]!), energy: round(mood[ENERGY]!), name }] : []);
  const picks = response.picks.flatMap((pick) => point(pick.mood, pick.song?.title ?? pick.movie?.title ?? ''));
  const results = response.results.flatMap((result) => point(result.mood, result.song?.title ?? result.movie?.title ?? ''));
  const radar = response.profileMood ? MOOD_AXIS_NAMES.map((axis, index) => ({ axis: AXIS_LABELS[axis], profile: round(response.profileMood![index]!) })) : [];

  return (
    <section className="card vibe-map" aria-labelledby="vibe-map-title">
      <h2 id="vibe-map-title">Vibe map</h2>
      <div className="vibe-map__charts">
        <figure className="chart" aria-label="Picks and results by valence and energy">
          <ResponsiveContainer width="100%" height={240}>
            <ScatterChart margin={{ top: 8, right: 12, bottom: 24, left: 0 }}>
              <XAxis type="number" dataKey="valence" name="Valence" domain={[0, 1]} label={{ value: 'valence (sad → happy)', position: 'bottom', offset: 4 }} />
              <YAxis type="number" dataKey="energy" name="Energy" domain={[0, 1]} label={{ value: 'energy', angle: -90, position: 'insideLeft' }} />
              <ZAxis type="category" dataKey="name" name="Title" />
              <Tooltip cursor={{ strokeDasharray: '3 3' }} />
              <Legend verticalAlign="top" height={24} />
              <Scatter name="Results" data={results} fill="var(--accent-2, #6c8cff)" />
              <Scatter name="Picks" data={picks} fill="var(--accent, #ff7a59)" shape="star" />
            </ScatterChart>
          </ResponsiveContainer>
        </figure>
        {radar.length > 0 && (
          <figure className="chart" aria-label="The profile's mood axes">
            <ResponsiveContainer width="100%" height={240}>
              <RadarChart data={radar} outerRadius={80}>
                <PolarGrid />
                <PolarAngleAxis dataKey="axis" />
                <PolarRadiusAxis domain={[0, 1]} tickCount={3} />
                <Radar name="Your picks" dataKey="profile" stroke="var(--accent, #ff7a59)" fill="var(--accent, #ff7a59)" fillOpacity={0.35} />
              </RadarChart>
            </ResponsiveContainer>
          </figure>
        )}
      </div>
    </section>
  );
}

const round = (value: number) => Math.round(value * 1000) / 1000;
