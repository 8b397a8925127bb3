import { api } from './api';
// One toast at a time: success notes and errors that have no field to sit next to.
// A destructive action's toast offers to undo it (`undoable`: the action's id).
export const toast = $state<{ text: string; kind: 'ok' | 'error'; seq: number; undoable: number | null }>({
  text: '',
  kind: 'ok',
  seq: 0,
  undoable: null,
});

/** Bumped after an undo: the screens are built afresh on the data as it now is. */
export const dataVersion = $state({ n: 0 });

export function showToast(text: string, kind: 'ok' | 'error' = 'ok', undoable: number | null = null) {
  toast.text = text;
  toast.kind = kind;
  toast.undoable = kind === 'ok' ? undoable : null;
  toast.seq += 1;
  const seq = toast.seq;
  setTimeout(() => {
    if (toast.seq === seq) toast.text = '';
  }, undoable !== null ? 8000 : 5000);
}

// An error next to its form field when it names one, otherwise as a toast.
export function fieldErrorsOrToast(err: { message: string; field?: string }): Record<string, string> {
  if (err.field) return { [err.field]: err.message };
  showToast(err.message, 'error');
  return {};
}

/** After a destructive action: its toast (`text`, or the action as Rust names it) with Undo. */
export async function showUndoable(text?: string) {
  try {
    const last = await api.lastAction();
    showToast(text ?? last?.label ?? '', 'ok', last?.id ?? null);
  } catch {
    if (text) showToast(text);
  }
}
