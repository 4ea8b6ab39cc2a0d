export function AxesPage() {
  return <h1>AxesPage</h1>;
}
