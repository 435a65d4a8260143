// An in-memory InstructionFileSystem for the instruction tests: files by workspace path, a stamp
// that changes on every write, refusals set per path, and a count of reads (to see the cache work).
import type { FileStamp, InstructionFileSystem } from '../../../src/common/instructions/instructionSources';

export class MemoryInstructionFs implements InstructionFileSystem {
  private readonly files = new Map<string, { text: string; stamp: FileStamp }>();
  private readonly refusals = new Map<string, string>();
  private clock = 1;
  readonly reads: string[] = [];

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.write(path, text);
  }

  write(path: string, text: string): void {
    this.files.set(path, { text, stamp: { mtime: this.clock++, size: new TextEncoder().encode(text).byteLength } });
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  refuse(path: string, reason: string): void {
    this.refusals.set(path, reason);
  }

  async stat(path: string): Promise<FileStamp | undefined> {
    return this.files.get(path)?.stamp;
  }

  async listNames(path: string): Promise<string[]> {
    const prefix = `${path}/`;
    const names = new Set<string>();
    for (const file of this.files.keys()) {
      if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split('/')[0] ?? '');
    }
    return [...names];
  }

  async refusal(path: string): Promise<string | undefined> {
    return this.refusals.get(path);
  }

  async read(path: string, maxBytes: number): Promise<string> {
    this.reads.push(path);
    const text = this.files.get(path)?.text ?? '';
    const bytes = new TextEncoder().encode(text);
    return new TextDecoder().decode(bytes.subarray(0, maxBytes));
  }
}
