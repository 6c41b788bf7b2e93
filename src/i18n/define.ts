// Each concept keeps its messages in one module under messages/; `en` must have every key of `nl`.
export function defineMessages<const N extends Record<string, string>>(m: {
  nl: N;
  en: { [K in keyof N]: string };
}) {
  return m;
}
