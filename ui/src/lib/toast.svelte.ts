// One toast at a time: success notes and errors that have no field to sit next to.
export const toast = $state<{ text: string; kind: 'ok' | 'error'; seq: number }>({
  text: '',
  kind: 'ok',
  seq: 0,
});

export function showToast(text: string, kind: 'ok' | 'error' = 'ok') {
  toast.text = text;
  toast.kind = kind;
  toast.seq += 1;
  const seq = toast.seq;
  setTimeout(() => {
    if (toast.seq === seq) toast.text = '';
  }, 5000);
}

// An error next to its form field when it names one, otherwise as a toast.
export function fieldErrorsOrToast(err: { message: string; field?: string }): Record<string, string> {
  if (err.field) return { [err.field]: err.message };
  showToast(err.message, 'error');
  return {};
}
