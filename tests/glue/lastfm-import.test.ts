import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/services';
import { tempDir } from '../support/temp';
import { testServices } from './fixtures';

const open: Services[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((services) => services.close()));
});

/** A typed folder path, as the Library's "import by path" sends it in browser mode. */
function lastfmFolder(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'artists.dat'), 'id\tname\turl\tpictureURL\n1\tABBA\thttp://x/1\t\n2\tBjörk\thttp://x/2\t\n');
  fs.writeFileSync(path.join(dir, 'tags.dat'), Buffer.from('tagID\ttagValue\r\n1\tdisco\r\n2\t70s\r\n3\ticelandic\r\n', 'latin1'));
  fs.writeFileSync(
    path.join(dir, 'user_taggedartists.dat'),
    'userID\tartistID\ttagID\tday\tmonth\tyear\r\n1\t1\t1\t1\t1\t2010\r\n2\t1\t1\t1\t1\t2010\r\n2\t1\t2\t1\t1\t2010\r\n3\t2\t3\t1\t1\t2010\r\nbroken line\r\n\r\n',
  );
  return dir;
}

describe('Last.fm import through the services', () => {
  it('previews and imports a typed folder path, and reports its malformed line', async () => {
    const services = testServices();
    open.push(services);
    const folder = lastfmFolder();
    const preview = await services.api['imports.preview']({ file: { path: folder } });
    expect(preview.format).toMatchObject({ id: 'lastfm-hetrec2011', kind: 'songs' });
    expect(preview.header).toEqual(['id', 'name', 'url', 'pictureURL']);
    expect(preview.rows[1]?.[1]).toBe('Björk');

    const job = await services.api['imports.start']({ file: { path: folder } });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status, done.error ?? '').toBe('completed');
    const [run] = await services.api['imports.runs']({});
    expect(run).toMatchObject({ format: 'lastfm-hetrec2011', status: 'completed', rowsSkipped: 1 });
    const { issues } = await services.api['imports.report']({ runId: run!.id });
    expect(issues).toEqual([expect.objectContaining({ line: 6, reason: expect.stringMatching(/^user_taggedartists\.dat: expected 6 TAB-separated fields/) })]);
  });

  it('says which file is missing from a Last.fm folder', async () => {
    const services = testServices();
    open.push(services);
    const folder = lastfmFolder();
    fs.rmSync(path.join(folder, 'user_taggedartists.dat'));
    await expect(services.api['imports.start']({ file: { path: path.join(folder, 'artists.dat') } })).rejects.toThrow(/user_taggedartists.dat is not in/);
  });
});
