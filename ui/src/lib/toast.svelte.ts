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
