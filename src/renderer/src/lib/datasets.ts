/** The public datasets the first-run guide recommends (Crossfade never downloads anything). */
export interface DatasetGuide {
  readonly id: string;
  readonly name: string;
  readonly kind: 'songs' | 'movies';
  readonly where: string;
  /** Where to find it, as text to copy (the app opens no links to these sites). */
  readonly location: string;
  readonly files: readonly string[];
  readonly gives: string;
  readonly how: string;
}

export const DATASETS: readonly DatasetGuide[] = [
  {
    id: 'spotify-tracks',
    name: 'Spotify Tracks Dataset',
    kind: 'songs',
    where: 'Hugging Face',
    location: 'huggingface.co/datasets/maharshipandya/spotify-tracks-dataset',
    files: ['dataset.csv'],
    gives: '114,000 songs with audio features (energy, valence, tempo, …) and genres.',
    how: 'Download dataset.csv and import it.',
  },
  {
    id: 'tmdb-2023',
    name: 'TMDb Movies Dataset 2023',
    kind: 'movies',
    where: 'Kaggle (asaniczka)',
    location: 'kaggle.com/datasets/asaniczka/tmdb-movies-dataset-2023-930k-movies',
    files: ['TMDB_movie_dataset_v11.csv'],
    gives: 'Movies with overviews, genres, keywords, votes and poster paths.',
    how: 'Unzip the download and import TMDB_movie_dataset_v11.csv (about 500 MB: type its path rather than uploading it).',
  },
  {
    id: 'movielens',
    name: 'MovieLens',
    kind: 'movies',
    where: 'GroupLens',
    location: 'grouplens.org/datasets/movielens (ml-latest-small or ml-latest)',
    files: ['movies.csv', 'links.csv', 'tags.csv'],
    gives: 'Movies with user tags, linked to TMDb and IMDb ids.',
    how: 'Import movies.csv with links.csv and tags.csv beside it (drop all three together, or type the path of movies.csv).',
  },
];
