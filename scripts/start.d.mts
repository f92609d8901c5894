/** Types of scripts/start.mjs for the tests that import it. */
export function electronProblem(env?: NodeJS.ProcessEnv): string | null;
interface LaunchOptions {
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly problem?: () => string | null;
  readonly log?: (line: string) => void;
  readonly startDesktop?: () => Promise<number> | number;
  readonly startBrowser?: (args: readonly string[]) => Promise<number> | number;
}
export function launch(options?: LaunchOptions): Promise<number>;
