import { DEPARTMENTS, departmentByCode, departmentByName, envPrefixOf, FEEDING_DEPARTMENTS, writeScopeOf } from './departments';

const words = (name: string) => name.split('-');
const upperSnake = (name: string) =>
  words(name)
    .map((w) => w.toUpperCase())
    .join('_');
const snake = (name: string) => words(name).join('_');
const camel = (name: string) =>
  words(name)
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);

describe('the department manifest', () => {
  it.each(['name', 'code', 'port', 'databaseSchema', 'fieldPrefix', 'typeName', 'body'] as const)(
    'gives every department its own %s',
    (key) => {
      const values = DEPARTMENTS.map((d) => d[key]);
      expect(new Set(values).size).toBe(values.length);
    },
  );

  it.each(DEPARTMENTS.map((d) => [d.name, d] as const))('names everything of %s after its name', (name, d) => {
    expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(d.code).toBe(upperSnake(name));
    expect(d.databaseSchema).toBe(snake(name));
    expect(d.fieldPrefix).toBe(camel(name));
    expect(d.typeName).toBe(`${pascal(d.fieldPrefix)}Measure`);
    expect(envPrefixOf(name)).toBe(d.code);
    expect(writeScopeOf(name)).toBe(`${name}:write`);
  });

  it('has one office and gives every other department a theme', () => {
    expect(DEPARTMENTS.filter((d) => d.role === 'office').map((d) => d.name)).toEqual(['programme']);
    expect(FEEDING_DEPARTMENTS).toHaveLength(DEPARTMENTS.length - 1);
    for (const d of FEEDING_DEPARTMENTS) expect(d.theme).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it("takes ports after the gateway's (4000)", () => {
    for (const d of DEPARTMENTS) expect(d.port).toBeGreaterThan(4000);
  });

  it('finds a department by name and by code, and refuses an unknown one', () => {
    expect(departmentByName('civil-affairs').code).toBe('CIVIL_AFFAIRS');
    expect(departmentByCode('CIVIL_AFFAIRS').name).toBe('civil-affairs');
    expect(() => departmentByName('agriculture' as never)).toThrow(/No department "agriculture"/);
    expect(() => departmentByCode('AGRICULTURE' as never)).toThrow(/No department with code "AGRICULTURE"/);
  });
});
