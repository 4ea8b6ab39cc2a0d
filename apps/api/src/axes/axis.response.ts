import { Axis } from '@app/database';

export function toAxisResponse(a: Axis) {
  return { id: a.id, code: a.code, title: a.title, description: a.description, position: a.position };
}
