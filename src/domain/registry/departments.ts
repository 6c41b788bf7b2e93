// Departments (diensten): each manages its own channels and names their owners (Article 2).
import { and, asc, eq, ne } from 'drizzle-orm';
import { departments, type Department } from '../../../db/schema';
import { recordEvent, type Actor } from '../audit/trail';
import { transaction, type Db } from '../lib/db';
import { fail, ok, type Result } from '../lib/result';

export const listDepartments = (db: Db) =>
  db.select().from(departments).orderBy(asc(departments.name)).all();
export const getDepartment = (db: Db, id: number) =>
  db.select().from(departments).where(eq(departments.id, id)).get();

/** Case-insensitive, as spreadsheets spell names ("cultuur" is "Cultuur"). */
export function findDepartmentByName(db: Db, name: string): Department | undefined {
  const wanted = name.trim().toLocaleLowerCase('nl');
  return listDepartments(db).find((d) => d.name.toLocaleLowerCase('nl') === wanted);
}

function nameTaken(db: Db, name: string, exceptId = 0): boolean {
  return !!db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.name, name), ne(departments.id, exceptId)))
    .get();
}

export function createDepartment(
  db: Db,
  actor: Actor,
  name: string,
  now: Date,
): Result<Department> {
  return transaction(db, (tx) => {
    if (nameTaken(tx, name)) return fail('department.nameTaken', { field: 'name', status: 409 });
    const department = tx
      .insert(departments)
      .values({ name, createdAt: now.toISOString() })
      .returning()
      .get();
    recordEvent(tx, {
      at: now,
      actor,
      action: 'department.created',
      departmentId: department.id,
      details: { name },
    });
    return ok(department);
  });
}

export function renameDepartment(
  db: Db,
  actor: Actor,
  id: number,
  name: string,
  version: number,
  now: Date,
): Result<Department> {
  return transaction(db, (tx) => {
    const current = getDepartment(tx, id);
    if (!current) return fail('department.notFound', { status: 404 });
    if (nameTaken(tx, name, id))
      return fail('department.nameTaken', { field: 'name', status: 409 });
    const updated = tx
      .update(departments)
      .set({ name, version: version + 1 })
      .where(and(eq(departments.id, id), eq(departments.version, version)))
      .returning()
      .get();
    if (!updated) return fail('error.conflict', { status: 409 });
    recordEvent(tx, {
      at: now,
      actor,
      action: 'department.updated',
      departmentId: id,
      details: { changed: { name: { from: current.name, to: name } } },
    });
    return ok(updated);
  });
}
