// Types of scripts/size.mjs, for the tests that import it (tsconfig.test.json checks them).
export interface Row {
  what: string;
  min: number;
  gzip: number;
  brotli?: number;
  added?: number;
  esbuild?: number;
  esbuildBrotli?: number;
}
/** One file of the split script tag: the loader is named ''. */
export interface SplitFile extends Row {
  name: string;
  brotli: number;
  imports: string[];
}
export const BUDGETS: Record<string, number>;
export function bundle(code: string): Promise<{ min: number; gzip: number; brotli: number; code: string; esbuild: number; esbuildBrotli: number }>;
export function esbuild(code: string): Promise<string>;
export function measure(): Promise<Row[]>;
export function split(): Promise<SplitFile[]>;
export function esbuildSplit(): Promise<SplitFile[]>;
export function closure(files: SplitFile[], names: string[]): SplitFile[];
export const SHOPIFY_PAGE: string[];
export function table(rows: Row[]): string;
export function sri(): string;
export const SRI: RegExp;
export const README_START: string;
export const README_END: string;
export function between(text: string, start: string, end: string, inner: string): string;
