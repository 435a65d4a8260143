// Images pasted, dropped or picked into the prompt box: each becomes a chip with a thumbnail and
// goes with the next prompt only. Everything is checked here first so the user learns at once why
// a file cannot go; the extension checks again (the webview is untrusted).

import { imageProblem, imagesProblem, isImageMimeType, sniffImageType, type ImageAttachment } from '../common/images/imageInput';
import { bytesToBase64 } from '../common/images/base64';
import { h, iconButton } from './dom';

export interface PendingImage extends ImageAttachment {
  /** Local id of the chip (not sent). */
  id: string;
  bytes: number;
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Decodes the image to learn its size; undefined when the browser cannot decode it. */
async function pixelSize(url: string): Promise<{ width: number; height: number } | undefined> {
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
    return { width: image.naturalWidth, height: image.naturalHeight };
  } catch {
    return undefined;
  }
}

export class ImageChips {
  private images: PendingImage[] = [];
  private nextId = 1;

  /** `changed` runs after images were added or removed; `problem` shows why a file was refused. */
  constructor(private readonly changed: () => void, private readonly problem: (message: string) => void) {}

  get pending(): readonly PendingImage[] {
    return this.images;
  }

  /** What goes in the `send` message (the chip ids and byte counts stay here). */
  attachments(): ImageAttachment[] {
    return this.images.map(({ name, mimeType, data, width, height }) => ({ name, mimeType, data, ...(width && height ? { width, height } : {}) }));
  }

  clear(): void {
    if (this.images.length === 0) return;
    this.images = [];
    this.changed();
  }

  remove(id: string): void {
    this.images = this.images.filter((image) => image.id !== id);
    this.changed();
  }

  /** Reads, checks and adds the files; each refused one is explained, the others are added. */
  async add(files: readonly File[]): Promise<void> {
    const problems: string[] = [];
    for (const file of files) {
      const problem = await this.addOne(file);
      if (problem) problems.push(problem);
    }
    this.problem(problems.join(' '));
    this.changed();
  }

  private async addOne(file: File): Promise<string | undefined> {
    const name = file.name || 'pasted image';
    const claimed = file.type;
    if (claimed !== '' && !isImageMimeType(claimed)) {
      return `${name} can't be sent: ${claimed} is not an image type the API accepts (PNG, JPEG, WEBP or non-animated GIF).`;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const problem = imageProblem(name, claimed, bytes);
    if (problem) return problem;
    const total = imagesProblem([...this.images.map((image) => image.bytes), bytes.length]);
    if (total) return total;
    // imageProblem checked that the bytes are an accepted type (and the one the file claims).
    const type = sniffImageType(bytes);
    if (!type) return `${name} can't be sent: it is not a PNG, JPEG, WEBP or non-animated GIF image.`;
    const data = bytesToBase64(bytes);
    const size = await pixelSize(`data:${type};base64,${data}`);
    if (!size) return `${name} can't be sent: it could not be read as an image (the file may be damaged).`;
    this.images.push({ id: `image-${this.nextId++}`, name, mimeType: type, data, bytes: bytes.length, ...size });
    return undefined;
  }

  /** One chip per image: thumbnail, name, size and a remove button. */
  render(): HTMLElement[] {
    return this.images.map((image) =>
      h(
        'span',
        { className: 'chip chip-image', attrs: { title: `${image.name} — ${formatSize(image.bytes)}, sent with the next prompt` } },
        h('img', { className: 'chip-thumb', attrs: { src: `data:${image.mimeType};base64,${image.data}`, alt: '' } }),
        h('span', { className: 'chip-label', text: image.name }),
        h('span', { className: 'chip-detail', text: `${formatSize(image.bytes)}${image.width ? ` · ${image.width}×${image.height}` : ''}` }),
        iconButton('close', `Remove image ${image.name}`, { type: 'remove-image', imageId: image.id }, { 'data-image-id': image.id }),
      ),
    );
  }
}
