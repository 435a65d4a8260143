// What a click on one of the panel's own controls means. Each control is bound to one typed
// action object when it is built (the item it acts on included), so dispatch is a checked switch
// over this union — the same shape as the host protocol — instead of parsing strings out of the DOM.
// The `data-action` attribute mirrors the action's type for styling, tests and focus keeping only;
// nothing reads an action back from an attribute.

export type UiAction =
  | { type: 'send' }
  | { type: 'stop' }
  | { type: 'retry'; turnId: string }
  | { type: 'continue'; turnId: string }
  | { type: 'set-api-key' }
  | { type: 'open-settings' }
  | { type: 'new-chat' }
  | { type: 'new-chat-with-summary' }
  | { type: 'toggle-history' }
  | { type: 'open-conversation'; conversationId: string }
  | { type: 'delete-conversation'; conversationId: string }
  | { type: 'remove-chip'; chipId: string }
  /** Sends a held-back file or selection (one that looks secret or lies outside the workspace). */
  | { type: 'add-chip'; chipId: string }
  | { type: 'add-current-file' }
  /** Image chips live in the webview until sent: removing or attaching one posts nothing. */
  | { type: 'remove-image'; imageId: string }
  | { type: 'attach-image' }
  | { type: 'preview-proposal'; proposalId: string }
  | { type: 'apply-proposal'; proposalId: string }
  /** The card's reason box is read when the click happens. */
  | { type: 'reject-proposal'; proposalId: string }
  /** Allow once / Deny on "The model wants to read `.env`". */
  | { type: 'tool-consent'; callId: string; allow: boolean };

export type UiActionType = UiAction['type'];

const ACTION_ATTRIBUTE = 'data-action';
const actions = new WeakMap<Element, UiAction>();

/** Binds `action` to `element`: a click on it (or inside it) dispatches exactly this action. */
export function bindAction<E extends Element>(element: E, action: UiAction): E {
  actions.set(element, action);
  element.setAttribute(ACTION_ATTRIBUTE, action.type);
  return element;
}

/** The action bound to the control at `target` (or an ancestor of it inside `root`), if any. */
export function actionAt(target: EventTarget | null, root: Element): { action: UiAction; element: HTMLElement } | undefined {
  let element = target instanceof Element ? target.closest<HTMLElement>(`[${ACTION_ATTRIBUTE}]`) : null;
  while (element && root.contains(element)) {
    const action = actions.get(element);
    if (action) return { action, element };
    element = element.parentElement?.closest<HTMLElement>(`[${ACTION_ATTRIBUTE}]`) ?? null;
  }
  return undefined;
}
