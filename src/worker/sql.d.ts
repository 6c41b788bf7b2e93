// wrangler bundles .sql files as text (its default module rules), for src/worker/migrations.ts.
declare module '*.sql' {
  const text: string;
  export default text;
}
