import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { appRootDir, defaultAppModelDirs, findModel, MODEL_ENV_VAR, ModelNotFoundError, resolveModel } from './resolve-model.js';

function layout() {
  const root = tempDir('crossfade-model-');
  const file = (relative: string) => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, 'onnx');
    return full;
  };
  return { root, file, appDir: path.join(root, 'app', 'models'), dataDir: path.join(root, 'data') };
}

describe('resolveModel', () => {
  it('uses --model first, then CROSSFADE_MODEL, then the setting, then models/ in the app, then in the data folder', () => {
    const { file, appDir, dataDir } = layout();
    const option = file('option.onnx');
    const fromEnv = file('env.onnx');
    const setting = file('setting.onnx');
    const app = file('app/models/mobilenetv2-int8.onnx');
    const data = file('data/models/mobilenetv2-int8.onnx');
    const env = { [MODEL_ENV_VAR]: fromEnv };
    const base = { appModelDirs: [appDir], dataDir };

    expect(resolveModel({ ...base, env, explicitPath: option, settingPath: setting }).location).toEqual({ path: option, source: 'option' });
    expect(resolveModel({ ...base, env, settingPath: setting }).location).toEqual({ path: fromEnv, source: 'env' });
    expect(resolveModel({ ...base, env: {}, settingPath: setting }).location).toEqual({ path: setting, source: 'setting' });
    expect(resolveModel({ ...base, env: {} }).location).toEqual({ path: app, source: 'app' });
    fs.rmSync(app);
    expect(resolveModel({ ...base, env: {} }).location).toEqual({ path: data, source: 'data-dir' });
  });

  it('finds the ONNX Model Zoo file name too, after the int8 one', () => {
    const { file, appDir, dataDir } = layout();
    const zoo = file('app/models/mobilenetv2-12.onnx');
    expect(resolveModel({ env: {}, appModelDirs: [appDir], dataDir }).location).toEqual({ path: zoo, source: 'app' });
    const int8 = file('app/models/mobilenetv2-int8.onnx');
    expect(resolveModel({ env: {}, appModelDirs: [appDir], dataDir }).location?.path).toBe(int8);
  });

  it('does not fall back when an explicit path is wrong, and says which one', () => {
    const { root, file, appDir, dataDir } = layout();
    file('app/models/mobilenetv2-int8.onnx');
    const missing = path.join(root, 'typo.onnx');
    const fromEnv = resolveModel({ env: { [MODEL_ENV_VAR]: missing }, appModelDirs: [appDir], dataDir });
    expect(fromEnv.location).toBeNull();
    expect(fromEnv.message).toContain(missing);
    expect(fromEnv.message).toContain(MODEL_ENV_VAR);
    const fromOption = resolveModel({ env: {}, explicitPath: missing, appModelDirs: [appDir], dataDir });
    expect(fromOption.message).toMatch(/from --model.*Check the --model path/);
    const fromSetting = resolveModel({ env: {}, settingPath: path.join(root, 'app') /* a folder, not a file */, appModelDirs: [appDir], dataDir });
    expect(fromSetting.location).toBeNull();
    expect(fromSetting.message).toMatch(/model setting.*not a file.*settings/);
  });

  it('explains what it looked for where, and what to do, when nothing is found', () => {
    const { appDir, dataDir } = layout();
    const resolution = resolveModel({ env: {}, appModelDirs: [appDir], dataDir });
    expect(resolution.location).toBeNull();
    const message = resolution.message ?? '';
    expect(message).toContain('No image model found');
    expect(message).toContain('everything else keeps working');
    expect(message).toContain(path.join(appDir, 'mobilenetv2-int8.onnx'));
    expect(message).toContain(path.join(dataDir, 'models', 'mobilenetv2-12.onnx'));
    expect(message).toContain(MODEL_ENV_VAR);
    expect(message).toMatch(/npm run setup/);
    expect(message).toMatch(/--model <file\.onnx>/);
    expect(resolution.searched.map((step) => step.source)).toEqual(['option', 'env', 'setting', 'app', 'app', 'data-dir', 'data-dir']);
    expect(() => findModel({ env: {}, appModelDirs: [appDir], dataDir })).toThrow(ModelNotFoundError);
  });

  it('uses the per-user data folder (CROSSFADE_DATA_DIR or the platform default) when not given one', () => {
    const { file, root } = layout();
    const data = file('custom-data/models/mobilenetv2-int8.onnx');
    const resolution = resolveModel({ env: { CROSSFADE_DATA_DIR: path.join(root, 'custom-data') }, appModelDirs: [] });
    expect(resolution.location).toEqual({ path: data, source: 'data-dir' });
  });

  it("finds the app root (the folder with Crossfade's package.json) from the sources", () => {
    const root = appRootDir();
    expect(root).not.toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(root!, 'package.json'), 'utf8')).name).toBe('crossfade');
    expect(defaultAppModelDirs()[0]).toBe(path.join(root!, 'models'));
  });
});
