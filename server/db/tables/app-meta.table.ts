/** Facts about the database itself; `demo_college` marks a database loaded with the generated demo. */
export interface AppMetaTable {
  key: string;
  value: string;
}
