export function RoadmapPage() {
  return <h1>RoadmapPage</h1>;
}
