// Types of scripts/size.mjs, for the tests that import it (tsconfig.test.json checks them).
export interface Row {
  what: string;
  min: number;
  gzip: number;
  added?: number;
  esbuild?: number;
}
export const BUDGETS: { core: number; coreEsbuild: number; iife: number; friction: number };
export function bundle(code: string): Promise<{ min: number; gzip: number; code: string; esbuild: number }>;
export function esbuild(code: string): Promise<string>;
export function measure(): Promise<Row[]>;
export function table(rows: Row[]): string;
export function sri(): string;
export const SRI: RegExp;
export const README_START: string;
export const README_END: string;
export function between(text: string, start: string, end: string, inner: string): string;
