/** How one mesh handles one prop. */
export interface MeshSupport {
  /** Whether the prop is honoured (else synth fails with an error naming the prop). */
  readonly supported: boolean;
  /** How it maps, or why it is rejected. */
  readonly note: string;
}

/** A column of the capability matrix: how a mesh (release line, mode) handles each prop. */
export interface CapabilityColumn {
  /** A stable key, e.g. `linkerd216`. */
  readonly key: string;
  /** The column's heading in the capability matrix (docs/capabilities.md), e.g. `Linkerd 2.16-2.17`. */
  readonly title: string;
  /** The cell of each row of the matrix, by its `prop` (see `CAPABILITY_PROPS`). */
  readonly cells: { readonly [prop: string]: MeshSupport };
}

/** A supported cell. @internal */
export const yes = (note: string): MeshSupport => ({ supported: true, note });
/** A rejected cell. @internal */
export const no = (note: string): MeshSupport => ({ supported: false, note });
