// Departments (diensten): each manages its own channels and names their owners (Article 2).
import { asc, eq } from 'drizzle-orm';
import { departments, type Department } from '../../db/schema';
import { recordEvent, type Actor } from './audit';
import { transaction, type Db } from './db';
import { fail, ok, type Result } from './result';

export const listDepartments = (db: Db) => db.select().from(departments).orderBy(asc(departments.name)).all();

export function createDepartment(db: Db, actor: Actor, name: string, now: Date): Result<Department> {
  return transaction(db, (tx) => {
    if (tx.select({ id: departments.id }).from(departments).where(eq(departments.name, name)).get()) {
      return fail('department.nameTaken', { field: 'name', status: 409 });
    }
    const department = tx.insert(departments).values({ name, createdAt: now.toISOString() }).returning().get();
    recordEvent(tx, { at: now, actor, action: 'department.created', departmentId: department.id, details: { name } });
    return ok(department);
  });
}
