// Plain shapes of the Istio fields we render, checked against the generated imports.
import * as net from '../../imports/networking.istio.io';

export type HttpRoute = net.VirtualServiceSpecHttp;
export type HttpRouteRetries = net.VirtualServiceSpecHttpRetries;
