// API-server fidelity: steps where the embedded server is known to answer differently from the real one,
// `'<scenario id>#<step id>': 'why'`. The suite skips comparing these (and counts them); each entry is a
// debt with its reason, or a difference by design (say which). Empty: every recorded step is answered alike.
export const KNOWN_DIFFERENCES: Record<string, string> = {};

