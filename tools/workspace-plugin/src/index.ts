export { departmentGenerator, type DepartmentGeneratorOptions } from './generators/department/generator';
