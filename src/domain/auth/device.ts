// A session's device in words, from its User-Agent: the browser and the system, enough for a
// person to recognise their own laptop or phone ("Firefox op Windows"). Order matters: Edge and
// Opera also say Chrome, Chrome also says Safari, iOS browsers all say Safari.
const BROWSERS: [RegExp, string][] = [
  [/Edg(A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export type Device = { browser: string | null; os: string | null };

const first = (list: [RegExp, string][], ua: string) =>
  list.find(([re]) => re.test(ua))?.[1] ?? null;

export function deviceOf(userAgent: string | null): Device {
  const ua = userAgent ?? '';
  return { browser: first(BROWSERS, ua), os: first(SYSTEMS, ua) };
}
