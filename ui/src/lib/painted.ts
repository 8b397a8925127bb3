// The first screen is on the glass: tell Rust once (start-up is measured to this moment).
// Two animation frames after the data is in the DOM, so the screen has been painted.
import { api } from './api';

let told = false;

export function painted(): void {
  if (told) return;
  told = true;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      api.screenPainted().catch(() => undefined);
    }),
  );
}
