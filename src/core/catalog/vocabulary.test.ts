import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database.js';
import { Vocabulary } from './vocabulary.js';

describe('Vocabulary', () => {
  it('gives every spelling of a term one id per domain, stored in its normalised form', () => {
    const db = openDatabase(':memory:');
    const vocabulary = new Vocabulary(db);
    const rock = vocabulary.genreId('music', 'Rock');
    expect(vocabulary.genreId('music', ' rock ')).toBe(rock);
    expect(vocabulary.genreId('music', 'ROCK')).toBe(rock);
    expect(vocabulary.genreId('music', 'Rock')).toBe(rock);
    expect(vocabulary.genreId('movie', 'Rock')).not.toBe(rock);
    expect(vocabulary.keywordId('Science  Fiction')).toBe(vocabulary.keywordId('science fiction'));
    expect(db.prepare(`SELECT domain, name FROM genres ORDER BY id`).all()).toEqual([
      { domain: 'music', name: 'rock' },
      { domain: 'movie', name: 'rock' },
    ]);
    expect(db.prepare(`SELECT name FROM keywords`).pluck().all()).toEqual(['science fiction']);
    // A second Vocabulary (a later import) finds the stored ids instead of adding rows.
    expect(new Vocabulary(db).genreId('music', 'rock')).toBe(rock);
  });

  it('forgets ids after reset, so terms created in a rolled-back transaction are created again', () => {
    const db = openDatabase(':memory:');
    const vocabulary = new Vocabulary(db);
    expect(() =>
      db.transaction(() => {
        vocabulary.genreId('music', 'Jazz');
        throw new Error('batch failed');
      })(),
    ).toThrow('batch failed');
    vocabulary.reset();
    const jazz = vocabulary.genreId('music', 'Jazz');
    expect(db.prepare(`SELECT id FROM genres WHERE name = 'jazz'`).pluck().get()).toBe(jazz);
  });
});
