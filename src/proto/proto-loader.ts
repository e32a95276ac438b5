// Parses `.proto` files with protobufjs into a GrpcApi. Loaded by grpc-api.ts on first use only.
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import { Streaming } from '../options';
import { GrpcApi, GrpcApiMethod, GrpcApiService, Idempotency, ProtoLoadError, ProtoLoadOptions } from './grpc-api';

const IDEMPOTENCY_BY_NUMBER = [Idempotency.UNKNOWN, Idempotency.NO_SIDE_EFFECTS, Idempotency.IDEMPOTENT];
const PROTOBUFJS_DIR = path.dirname(require.resolve('protobufjs/package.json'));

/** Loads files into one protobufjs root: our own import resolution, errors naming the file. */
export class ProtoLoader {
  private readonly root = new protobuf.Root();
  private readonly includeDirs: string[];
  private readonly loaded = new Set<string>();

  public constructor(options: ProtoLoadOptions) {
    const dirs = options.includeDirs ?? [];
    if (!Array.isArray(dirs) || dirs.some((d) => typeof d !== 'string')) {
      throw new ProtoLoadError('includeDirs', 'not a list of directories', 'pass directory paths, e.g. ["protos"]');
    }
    this.includeDirs = dirs;
  }

  /** A top-level file: as given (relative to the working directory), else under an include dir. */
  public loadTopLevel(file: string): string {
    if (typeof file !== 'string' || file === '') {
      throw new ProtoLoadError(String(file), 'not a file name', 'pass .proto file paths as strings');
    }
    const candidates = [path.resolve(file), ...this.includeDirs.map((d) => path.resolve(d, file))];
    const found = candidates.find(isFile);
    if (!found) {
      const where = this.includeDirs.length ? `, nor under ${this.includeDirs.join(', ')}` : '';
      throw new ProtoLoadError(file, `no such file${where}`, 'check the path (relative to the working directory or to an include dir)');
    }
    this.loadFile(found, display(found));
    return found;
  }

  public loadText(fileName: string, text: string): string {
    const key = `text:${fileName}`;
    this.loaded.add(key);
    this.parse(key, fileName, text, process.cwd());
    return key;
  }

  /** Resolves every type, then collects the services declared in the given files. */
  public finish(ownFiles: string[], what: string): GrpcApi {
    this.resolveTypes();
    const own = new Set(ownFiles);
    const services: GrpcApiService[] = [];
    for (const service of allServices(this.root)) {
      const file = (service as { filename?: string | null }).filename ?? '';
      if (!own.has(file)) continue;
      const name = service.fullName.replace(/^\./, '');
      services.push({
        name,
        file: display(file),
        methods: service.methodsArray.map((m) => this.method(name, file, m)),
      });
    }
    if (services.length === 0) {
      throw new ProtoLoadError(what, 'declares no service', 'pass the files with the service definitions; imported files only provide messages');
    }
    services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return GrpcApi._create(services);
  }

  private method(service: string, file: string, m: protobuf.Method): GrpcApiMethod {
    return {
      service,
      name: m.name,
      path: `/${service}/${m.name}`,
      streaming: m.requestStream
        ? (m.responseStream ? Streaming.BIDIRECTIONAL : Streaming.CLIENT)
        : (m.responseStream ? Streaming.SERVER : Streaming.UNARY),
      idempotency: idempotency(display(file), `${service}/${m.name}`, m.options),
      requestType: m.resolvedRequestType!.fullName.replace(/^\./, ''),
      responseType: m.resolvedResponseType!.fullName.replace(/^\./, ''),
    };
  }

  private loadFile(absolute: string, shown: string): void {
    if (this.loaded.has(absolute)) return;
    this.loaded.add(absolute);
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (e) {
      throw new ProtoLoadError(shown, `cannot read: ${(e as Error).message}`, 'check the file exists and is readable');
    }
    this.parse(absolute, shown, text, path.dirname(absolute));
  }

  private parse(key: string, shown: string, text: string, dir: string): void {
    let parsed: protobuf.IParserResult;
    // protobufjs records the file of each declaration from this module-level variable.
    const parse = protobuf.parse as unknown as { filename: string | null };
    try {
      parse.filename = key;
      parsed = protobuf.parse(text, this.root, { keepCase: true });
    } catch (e) {
      const message = (e as Error).message.replace(` (${key}, `, ' (');
      throw new ProtoLoadError(shown, `cannot parse: ${message}`, 'fix the .proto syntax');
    } finally {
      parse.filename = null;
    }
    for (const target of parsed.imports ?? []) this.loadImport(shown, dir, target, false);
    for (const target of parsed.weakImports ?? []) this.loadImport(shown, dir, target, true);
  }

  private loadImport(importer: string, dir: string, target: string, weak: boolean): void {
    const builtin = target.startsWith('google/protobuf/') ? protobuf.common.get(target) : null;
    if (builtin) {
      if (this.loaded.has(target)) return;
      this.loaded.add(target);
      this.root.addJSON((builtin as { nested: { [k: string]: protobuf.AnyNestedObject } }).nested);
      return;
    }
    const dirs = [...this.includeDirs.map((d) => path.resolve(d)), dir];
    if (target.startsWith('google/protobuf/')) dirs.push(PROTOBUFJS_DIR);
    const found = dirs.map((d) => path.resolve(d, target)).find(isFile);
    if (!found) {
      if (weak) return;
      const searched = [...new Set(dirs.map(display))].join(', ');
      throw new ProtoLoadError(importer, `import "${target}" not found in ${searched}`, 'add the directory that holds it to includeDirs');
    }
    this.loadFile(found, display(found));
  }

  /** Resolves methods and fields one by one, so that an unknown type names its file. */
  private resolveTypes(): void {
    const visit = (ns: protobuf.NamespaceBase): void => {
      for (const obj of ns.nestedArray) {
        const file = display((obj as { filename?: string | null }).filename ?? '');
        if (obj instanceof protobuf.Service) {
          for (const m of obj.methodsArray) tryResolve(m, file, `rpc ${m.name} of ${obj.fullName.replace(/^\./, '')}`);
        }
        if (obj instanceof protobuf.Type) {
          for (const f of obj.fieldsArray) tryResolve(f, file, `field ${f.name} of ${obj.fullName.replace(/^\./, '')}`);
        }
        if (obj instanceof protobuf.Namespace || obj instanceof protobuf.Type || obj instanceof protobuf.Service) visit(obj);
      }
    };
    visit(this.root);
    try {
      this.root.resolveAll();
    } catch (e) {
      throw new ProtoLoadError([...this.loaded].map(display).join(', '), `cannot resolve: ${(e as Error).message}`, 'declare or import every type the files use');
    }
  }
}

function tryResolve(obj: protobuf.ReflectionObject, file: string, what: string): void {
  try {
    obj.resolve();
  } catch (e) {
    throw new ProtoLoadError(file, `${what}: ${(e as Error).message}`, 'declare the type, import the file that declares it, or fix its name');
  }
}

function idempotency(file: string, method: string, options: { [key: string]: unknown } | undefined): Idempotency {
  if (options && Object.hasOwn(options, '(idempotency_level)')) {
    // protoc rejects it, and reading it as unset would silently turn retries off for the method.
    throw new ProtoLoadError(file, `rpc ${method}: option (idempotency_level) is not an extension`,
      'write option idempotency_level = IDEMPOTENT; without parentheses (it is a field of MethodOptions)');
  }
  const value = options?.idempotency_level;
  if (value === undefined) return Idempotency.UNKNOWN;
  if (typeof value === 'number' && IDEMPOTENCY_BY_NUMBER[value]) return IDEMPOTENCY_BY_NUMBER[value];
  if (typeof value === 'string' && (Object.values(Idempotency) as string[]).includes(value)) return value as Idempotency;
  throw new ProtoLoadError(file, `rpc ${method}: unknown idempotency_level ${JSON.stringify(value)}`, 'use IDEMPOTENCY_UNKNOWN, NO_SIDE_EFFECTS or IDEMPOTENT');
}

function allServices(ns: protobuf.NamespaceBase): protobuf.Service[] {
  const found: protobuf.Service[] = [];
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Service) found.push(obj);
    else if (obj instanceof protobuf.Namespace || obj instanceof protobuf.Type) found.push(...allServices(obj));
  }
  return found;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A path as shown in messages: relative to the working directory when inside it. */
function display(p: string): string {
  if (p.startsWith('text:')) return p.slice('text:'.length);
  if (!path.isAbsolute(p)) return p;
  const rel = path.relative(process.cwd(), p);
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel || '.';
}
