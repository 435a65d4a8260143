// What each turn's prompt went out with: the open files' contents and the pasted images, by turn
// id, so Retry resends exactly the same request (and only the prompt's own request sends images).
import type { ImageAttachment } from '../images/imageInput';
import type { OpenFileContext } from '../responses';

export class SentContext {
  private readonly files = new Map<string, OpenFileContext[]>();
  private readonly images = new Map<string, ImageAttachment[]>();

  remember(turnId: string, files: OpenFileContext[], images: ImageAttachment[] | undefined): void {
    this.files.set(turnId, files);
    if (images && images.length > 0) this.images.set(turnId, images);
  }

  /** A retried turn that becomes a new turn sends what the original sent. */
  copy(fromTurnId: string, toTurnId: string): void {
    this.remember(toTurnId, this.filesOf(fromTurnId), this.imagesOf(fromTurnId));
  }

  filesOf(turnId: string): OpenFileContext[] {
    return this.files.get(turnId) ?? [];
  }

  imagesOf(turnId: string): ImageAttachment[] | undefined {
    return this.images.get(turnId);
  }

  /** The chat these turns belong to is going away. */
  clear(): void {
    this.files.clear();
    this.images.clear();
  }
}
