import {
  type DataTypeNode,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** Replaces the column type `date` by `text` in the DDL it sees. */
class DateAsTextTransformer extends OperationNodeTransformer {
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    return node.dataType === 'date' ? { ...node, dataType: 'text' } : node;
  }
}

/**
 * The migrations' `date` columns become `text` on PostgreSQL (used only while migrating). The schema
 * stores dates as ISO `YYYY-MM-DD` text on both backends (server/db/README.md "PostgreSQL"): with the
 * cluster's C collation text compares bytewise, so dates compare, sort and are cut (`substr(d, 1, 7)`)
 * exactly as on SQLite, and the query code needs no casts. A real `date` column would reject
 * `held_on >= substr(…) || '-01'` (date vs text) and come back as a JS Date.
 */
export class DateAsTextPlugin implements KyselyPlugin {
  readonly #transformer = new DateAsTextTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
