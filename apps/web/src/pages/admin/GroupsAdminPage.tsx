export function GroupsAdminPage() {
  return <h1>GroupsAdminPage</h1>;
}
