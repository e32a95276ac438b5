import { Streaming } from '../options';

/**
 * Whether a gRPC method is safe to call again: the proto method option `idempotency_level`
 * (`google.protobuf.MethodOptions.IdempotencyLevel`).
 */
export enum Idempotency {
  /** No `idempotency_level`, or `IDEMPOTENCY_UNKNOWN`: the method may have side effects each call. */
  UNKNOWN = 'IDEMPOTENCY_UNKNOWN',
  /** `NO_SIDE_EFFECTS`: a read; calling it again changes nothing. */
  NO_SIDE_EFFECTS = 'NO_SIDE_EFFECTS',
  /** `IDEMPOTENT`: calling it again leaves the same state as calling it once. */
  IDEMPOTENT = 'IDEMPOTENT',
}

/** One method of a gRPC service, as its `.proto` declares it. */
export interface GrpcApiMethod {
  /** The fully qualified service, e.g. `acme.billing.v1.Invoices`. */
  readonly service: string;
  /** The method name, e.g. `GetInvoice`. */
  readonly name: string;
  /** The HTTP/2 path of a call, `/<package>.<Service>/<Method>`. */
  readonly path: string;
  /** How the method streams (`stream` on the request, the response, or both). */
  readonly streaming: Streaming;
  /** The method option `idempotency_level`; `Idempotency.UNKNOWN` when not set. */
  readonly idempotency: Idempotency;
  /** The fully qualified request message type. */
  readonly requestType: string;
  /** The fully qualified response message type. */
  readonly responseType: string;
}

/** One gRPC service, as its `.proto` declares it. */
export interface GrpcApiService {
  /** The fully qualified name, `<package>.<Service>`. */
  readonly name: string;
  /** The file that declares it, as given or as found on the include path. */
  readonly file: string;
  /** Its methods, in declaration order. */
  readonly methods: GrpcApiMethod[];
}

/** Where the imports of `.proto` files are looked up. */
export interface ProtoLoadOptions {
  /**
   * Directories an `import "a/b/c.proto"` is resolved against, in order (like `protoc -I`).
   * After them, the directory of the importing file is tried. The well-known
   * `google/protobuf/*.proto` files are built in.
   *
   * @default - only the directory of the importing file
   */
  readonly includeDirs?: string[];
}

/** Options of {@link GrpcApi.fromProtoText}. */
export interface ProtoTextOptions extends ProtoLoadOptions {
  /**
   * The name the text is reported under in errors.
   *
   * @default 'api.proto'
   */
  readonly fileName?: string;
}

/** A `.proto` file that cannot be loaded: the message names the file and the fix. */
export class ProtoLoadError extends Error {
  public constructor(
    /** The file, as given or as found on the include path. */
    public readonly file: string,
    /** What is wrong. */
    public readonly problem: string,
    /** How to fix it. */
    public readonly fix: string,
  ) {
    super(`${file}: ${problem}; ${fix}`);
    this.name = 'ProtoLoadError';
  }
}

/**
 * The gRPC services and methods a server implements, read from its `.proto` files.
 *
 * Pass it as the `api` prop of a `GrpcMeshService`: every declared method then gets the
 * route its kind calls for (streaming methods no timeout and no retries, methods without
 * `idempotency_level` no retries).
 *
 * Only the services of the files you name (or of the text you pass) count; imported files
 * provide message types. Services are sorted by name, methods keep their declaration order.
 */
export class GrpcApi {
  /**
   * Loads `.proto` files, with their imports, synchronously.
   *
   * @param files the files declaring the services, relative to the working directory or to
   * one of `includeDirs`
   * @throws ProtoLoadError when a file or an import is missing, does not parse, or names a
   * type no loaded file declares, or when the files declare no service
   */
  public static fromProtoFiles(files: string[], options: ProtoLoadOptions = {}): GrpcApi {
    if (!Array.isArray(files) || files.length === 0) {
      throw new ProtoLoadError('GrpcApi.fromProtoFiles', 'no files', 'pass the .proto files that declare the services, e.g. ["protos/acme/billing/v1/invoices.proto"]');
    }
    const loader = newProtoLoader(options);
    const own = files.map((file) => loader.loadTopLevel(file));
    return loader.finish(own, files.join(', '));
  }

  /**
   * Parses `.proto` source text; its imports are loaded from `includeDirs`.
   *
   * @throws ProtoLoadError as {@link GrpcApi.fromProtoFiles} does
   */
  public static fromProtoText(text: string, options: ProtoTextOptions = {}): GrpcApi {
    const fileName = options.fileName ?? 'api.proto';
    if (typeof text !== 'string') {
      throw new ProtoLoadError(fileName, 'no proto text', 'pass the .proto source as a string');
    }
    const loader = newProtoLoader(options);
    const own = loader.loadText(fileName, text);
    return loader.finish([own], fileName);
  }

  /** The declared services, sorted by fully qualified name. */
  public readonly services: GrpcApiService[];
  /** Every method of every service: services sorted by name, methods in declaration order. */
  public readonly methods: GrpcApiMethod[];

  private constructor(services: GrpcApiService[]) {
    this.services = services;
    this.methods = services.flatMap((s) => s.methods);
  }

  /** The service of that fully qualified name (`acme.billing.v1.Invoices`), if declared. */
  public service(name: string): GrpcApiService | undefined {
    return this.services.find((s) => s.name === name.replace(/^\./, ''));
  }

  /** The method `pkg.Service/Method` (a leading `/` is allowed), if declared. */
  public method(name: string): GrpcApiMethod | undefined {
    const key = name.replace(/^\//, '');
    return this.methods.find((m) => `${m.service}/${m.name}` === key);
  }

  /** @internal */
  public static _create(services: GrpcApiService[]): GrpcApi {
    return new GrpcApi(services);
  }
}

/** The `.proto` parser (protobufjs) loads on first use, so requiring the package does not load it. */
function newProtoLoader(options: ProtoLoadOptions): import('./proto-loader').ProtoLoader {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ProtoLoader } = require('./proto-loader') as typeof import('./proto-loader');
  return new ProtoLoader(options);
}
