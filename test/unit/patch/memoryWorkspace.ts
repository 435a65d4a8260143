// An in-memory PatchWorkspace for planner tests: files as bytes or editor text, folders, and
// symlinks given as a map from workspace path to real absolute path.
import type { PatchWorkspace, RealPathResult, WorkspaceFile } from '../../../src/common/patch/patchWorkspace';

export const MEMORY_ROOT = '/workspace';

export interface MemoryWorkspaceSetup {
  readonly files?: Record<string, string | Uint8Array>;
  /** Open editor buffers: the text the planner must see instead of the disk. */
  readonly editorText?: Record<string, string>;
  readonly directories?: readonly string[];
  /** Workspace path → absolute real path it resolves to (a symlink). */
  readonly links?: Record<string, string>;
  readonly dangling?: readonly string[];
  readonly caseInsensitive?: boolean;
}

export function memoryWorkspace(setup: MemoryWorkspaceSetup): PatchWorkspace & { readonly reads: string[] } {
  const fold = (path: string): string => (setup.caseInsensitive ? path.toLowerCase() : path);
  const files = new Map(Object.entries(setup.files ?? {}).map(([path, content]) => [fold(path), content]));
  const editor = new Map(Object.entries(setup.editorText ?? {}).map(([path, content]) => [fold(path), content]));
  const directories = new Set((setup.directories ?? []).map(fold));
  const reads: string[] = [];
  return {
    caseInsensitive: setup.caseInsensitive ?? false,
    reads,
    rootRealPath: async () => MEMORY_ROOT,
    readFile: async (path): Promise<WorkspaceFile> => {
      reads.push(path);
      const key = fold(path);
      const text = editor.get(key);
      if (text !== undefined) return { kind: 'text', text };
      const content = files.get(key);
      if (content !== undefined) return typeof content === 'string' ? { kind: 'bytes', bytes: new TextEncoder().encode(content) } : { kind: 'bytes', bytes: content };
      if (directories.has(key)) return { kind: 'directory' };
      return { kind: 'missing' };
    },
    realPath: async (path): Promise<RealPathResult> => {
      const segments = path.split('/');
      for (let depth = segments.length; depth > 0; depth--) {
        const prefix = segments.slice(0, depth).join('/');
        if (setup.dangling?.includes(prefix)) return { kind: 'dangling-symlink', linkPath: prefix };
        const target = setup.links?.[prefix];
        if (target !== undefined) return { kind: 'resolved', realPath: [target, ...segments.slice(depth)].join('/') };
      }
      return { kind: 'resolved', realPath: `${MEMORY_ROOT}/${path}` };
    },
  };
}
