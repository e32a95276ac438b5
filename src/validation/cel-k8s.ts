// The Kubernetes CEL library functions the pinned CRDs' rules call and @bufbuild/cel lacks, as
// @bufbuild/cel functions (celFunc and celMethod, as @bufbuild/cel/ext builds its strings
// extension): from k8s.io/apiserver/pkg/cel/library/urls.go, url(), isURL() and getScheme(). The URL
// value is an opaque type named as in Kubernetes (kubernetes.URL), made here as a protobuf message
// holding the URL as written. Semantics and error messages follow urls.go, on Go's net/url (ported
// in go-url.ts). Only what a pinned rule calls is here: test/validation/pinned-rules.test.ts fails
// when a function is unused, and when a pinned rule calls one the environment lacks.
import { celFunc, celMethod, CelScalar, objectType } from '@bufbuild/cel';
import type { CelFunc } from '@bufbuild/cel';
import { create, createFileRegistry } from '@bufbuild/protobuf';
import type { DescMessage, FileRegistry } from '@bufbuild/protobuf';
import { reflect } from '@bufbuild/protobuf/reflect';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import * as goUrl from './go-url';

const { BOOL, STRING } = CelScalar;

export interface KubernetesLibrary {
  readonly funcs: CelFunc[];
  /** The descriptors of the opaque types, for the environment (so `type(x) == kubernetes.URL` works). */
  readonly registry: FileRegistry;
}

let library: KubernetesLibrary | undefined;

export function kubernetesLibrary(): KubernetesLibrary {
  library ??= build();
  return library;
}

// ---------------------------------------------------------------------------------------------
// Opaque types: a message with one string field.

function opaqueFile(pkg: string, names: string[]): FileRegistry {
  const file = create(FileDescriptorProtoSchema, {
    name: `cdk8s-grpc-mesh/validation/${pkg}.proto`,
    package: pkg,
    syntax: 'proto3',
    messageType: names.map((name) => ({
      name,
      field: [{ name: 'value', jsonName: 'value', number: 1, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL }],
    })),
  });
  return createFileRegistry(file, () => undefined);
}

function opaque(desc: DescMessage, value: string): ReflectMessage {
  return reflect(desc, create(desc, { value } as never));
}

function opaqueText(v: ReflectMessage): string {
  return (v.message as unknown as { value: string }).value;
}

// ---------------------------------------------------------------------------------------------

function build(): KubernetesLibrary {
  const k8s = opaqueFile('kubernetes', ['URL']);
  const URL_DESC = k8s.getMessage('kubernetes.URL') as DescMessage;
  return { registry: createFileRegistry(k8s), funcs: urlLibrary(objectType(URL_DESC), URL_DESC) };
}

// ---------------------------------------------------------------------------------------------
// URLs (urls.go): url() and isURL() accept what Go's url.ParseRequestURI accepts (an absolute URI
// or an absolute path); getScheme() is url.Parse's scheme.

function urlLibrary(URL: ReturnType<typeof objectType>, desc: DescMessage): CelFunc[] {
  const parsed = new Map<string, goUrl.GoUrl>();
  const parts = (v: ReflectMessage): goUrl.GoUrl => {
    const raw = opaqueText(v);
    let u = parsed.get(raw);
    if (!u) {
      u = goUrl.parseURL(raw);
      parsed.set(raw, u);
    }
    return u;
  };
  return [
    celFunc('url', [STRING], URL, (s) => {
      try {
        goUrl.parseRequestURI(s);
        goUrl.parseURL(s);
      } catch (e) {
        throw new Error(`URL parse error during conversion from string: ${(e as Error).message}`);
      }
      return opaque(desc, s);
    }),
    celFunc('isURL', [STRING], BOOL, (s) => {
      try {
        goUrl.parseRequestURI(s);
        return true;
      } catch {
        return false;
      }
    }),
    celMethod('getScheme', URL, [], STRING, function () {
      return goUrl.urlScheme(parts(this));
    }),
  ];
}
