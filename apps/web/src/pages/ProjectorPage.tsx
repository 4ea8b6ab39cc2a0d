export function ProjectorPage() {
  return <h1>ProjectorPage</h1>;
}
