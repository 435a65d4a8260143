// happy-dom differs from browsers in two ways DOMPurify depends on; without this shim DOMPurify
// silently drops or skips nodes under happy-dom (tests and the benchmark only — the webview runs
// DOMPurify in Chromium, where test/browser proves the policy end to end):
// 1. `Node.prototype.nodeName` is a generic getter that ignores subclasses, and DOMPurify reads
//    node names through that cached getter (to resist clobbering), so every tag name is "".
// 2. Its NodeIterator stops when the node it just returned is removed, while DOMPurify removes
//    the current node and expects the walk to go on with whatever followed it.

interface HappyDomSettings {
  disableJavaScriptFileLoading: boolean;
  disableCSSFileLoading: boolean;
  disableIframePageLoading: boolean;
  handleDisabledFileLoadingAsSuccess: boolean;
}

interface DomClasses {
  Node: typeof Node;
  document: Document;
  happyDOM?: { settings?: HappyDomSettings };
}

const patched = new WeakSet<object>();

export function installHappyDomCompat(window: DomClasses): void {
  if (patched.has(window.Node.prototype)) return;
  patched.add(window.Node.prototype);
  // Unlike a browser, happy-dom loads stylesheets even in DOMParser documents; tests must never
  // touch the network (the browser tests prove what Chromium fetches).
  const settings = window.happyDOM?.settings;
  if (settings) {
    settings.disableJavaScriptFileLoading = true;
    settings.disableCSSFileLoading = true;
    settings.disableIframePageLoading = true;
    settings.handleDisabledFileLoadingAsSuccess = true;
  }
  patchNodeNameGetter(window.Node);
  patchNodeIterator(window.document);
}

function patchNodeNameGetter(NodeClass: typeof Node): void {
  const base = Object.getOwnPropertyDescriptor(NodeClass.prototype, 'nodeName');
  const baseGetter = base?.get;
  if (!baseGetter) return;
  Object.defineProperty(NodeClass.prototype, 'nodeName', {
    configurable: true,
    get(this: Node): string {
      for (let proto = Object.getPrototypeOf(this) as object | null; proto && proto !== NodeClass.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
        const own = Object.getOwnPropertyDescriptor(proto, 'nodeName');
        if (own?.get) return own.get.call(this) as string;
      }
      return baseGetter.call(this) as string;
    },
  });
}

function nextSkippingChildren(node: Node, root: Node): Node | null {
  for (let current: Node | null = node; current && current !== root; current = current.parentNode) {
    if (current.nextSibling) return current.nextSibling;
  }
  return null;
}

/** `root.contains(node)` by walking parents (happy-dom's `contains` answers true for removed nodes). */
function isInclusiveDescendant(node: Node, root: Node): boolean {
  for (let current: Node | null = node; current; current = current.parentNode) if (current === root) return true;
  return false;
}

function patchNodeIterator(document: Document): void {
  class RemovalSafeNodeIterator {
    private current: Node | null = null;
    private currentParent: Node | null = null;
    private currentPrevious: Node | null = null;
    private started = false;

    constructor(
      readonly root: Node,
      readonly whatToShow: number,
      readonly filter: NodeFilter | null,
    ) {}

    nextNode(): Node | null {
      let candidate = this.firstCandidate();
      while (candidate && !this.shows(candidate)) {
        candidate = candidate.firstChild ?? nextSkippingChildren(candidate, this.root);
      }
      this.current = candidate;
      this.currentParent = candidate?.parentNode ?? null;
      this.currentPrevious = candidate?.previousSibling ?? null;
      return candidate;
    }

    detach(): void {}

    private firstCandidate(): Node | null {
      if (!this.started) {
        this.started = true;
        return this.root;
      }
      const current = this.current;
      if (!current) return null;
      if (isInclusiveDescendant(current, this.root)) return current.firstChild ?? nextSkippingChildren(current, this.root);
      // The node we returned was removed: continue with whatever now stands in its place.
      const previous = this.currentPrevious;
      const parent = this.currentParent;
      if (previous && previous.parentNode === parent && isInclusiveDescendant(previous, this.root)) return nextSkippingChildren(previous, this.root);
      if (parent && isInclusiveDescendant(parent, this.root)) return parent.firstChild ?? nextSkippingChildren(parent, this.root);
      return null;
    }

    private shows(node: Node): boolean {
      if (!(this.whatToShow & (1 << (node.nodeType - 1)))) return false;
      if (!this.filter) return true;
      const verdict = typeof this.filter === 'function' ? this.filter(node) : this.filter.acceptNode(node);
      return verdict === 1;
    }
  }
  // window.Document is a per-window subclass; patch the prototype that really owns the method.
  let owner = Object.getPrototypeOf(document) as object | null;
  while (owner && !Object.prototype.hasOwnProperty.call(owner, 'createNodeIterator')) owner = Object.getPrototypeOf(owner) as object | null;
  if (!owner) throw new Error('happy-dom has no createNodeIterator to replace; update test/unit/markdown/happyDomCompat.ts.');
  Object.defineProperty(owner, 'createNodeIterator', {
    configurable: true,
    writable: true,
    value(this: Document, root: Node, whatToShow = 0xffffffff, filter: NodeFilter | null = null) {
      return new RemovalSafeNodeIterator(root, whatToShow, filter);
    },
  });
}
