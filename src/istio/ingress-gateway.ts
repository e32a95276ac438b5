import { IngressModel } from '../model/model';

/** The ingress gateway a service is exposed through. */
export interface IngressGateway {
  readonly selector: { [label: string]: string };
  readonly serviceAccount: string;
  readonly namespace: string;
}

/** Istio's default ingress gateway (the `istio-ingressgateway` of a default install), unless `ingress` names another. */
export const ISTIO_INGRESS_GATEWAY: IngressGateway = {
  selector: { istio: 'ingressgateway' },
  serviceAccount: 'istio-ingressgateway-service-account',
  namespace: 'istio-system',
};

/** The gateway of `ingress`: what the props name, else Istio's default. */
export function ingressGateway(ingress: IngressModel): IngressGateway {
  return {
    selector: ingress.gatewaySelector ?? { ...ISTIO_INGRESS_GATEWAY.selector },
    serviceAccount: ingress.gatewayServiceAccount ?? ISTIO_INGRESS_GATEWAY.serviceAccount,
    namespace: ingress.gatewayNamespace ?? ISTIO_INGRESS_GATEWAY.namespace,
  };
}
