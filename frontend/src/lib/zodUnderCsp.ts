import { z } from "zod";

// The CSP has no 'unsafe-eval': zod's JIT object parser (new Function) would be refused
// (and reported) on every page with a form; the interpreted parser is plenty for forms.
// Imported for this effect by lib/forms.ts and the form kit, which every form loads.
z.config({ jitless: true });
