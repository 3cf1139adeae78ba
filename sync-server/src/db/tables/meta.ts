export interface MetaTables {
  server_meta: { key: string; value: string };
}
