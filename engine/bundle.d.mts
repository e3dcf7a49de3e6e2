/** Types of engine/bundle.mjs (plain JavaScript, so that cli/bin.mjs can load it first). */
export declare const projectRoot: string;
export declare function bundle(entry: { name: string; contents: string; key?: string; format?: 'esm' | 'cjs' }): Promise<URL>;
export declare function recordManifest(manifestFile: string, inputs: string[], bundleFile: string): void;
export declare function reusableBundle(manifestFile: string): string | null;
export declare function pruneBundles(dir: string, name: string, newest: string): void;
export declare function moduleBuild(name: string): string | null;
