/**
 * Sets environment variables for a test file (read by the platform at start) and returns what
 * puts them back as they were (deleted when they were unset).
 */
export function overrideEnv(vars: Record<string, string>): () => void {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
