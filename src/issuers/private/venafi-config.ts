import { IssuerContext } from './issuer-context';
import { pemBundle } from './pem';
import * as cm from '../../imports/cert-manager.io';
import { checkHttpsUrl, checkNonEmpty } from '../../private/names';
import { VenafiCloudIssuerOptions, VenafiTppIssuerOptions } from '../venafi';

function checkedZone(ctx: IssuerContext, flavour: string, zone: string | undefined, example: string): string {
  if (zone === undefined || typeof zone !== 'string' || zone.trim() === '') {
    ctx.fail(`${flavour} has no zone; every Venafi request is made in a zone whose policy decides what is issued; `
      + `set zone, e.g. zone: "${example}"`);
  }
  checkNonEmpty(ctx.scope, `${flavour} zone`, zone);
  return zone;
}

/** Renders the `venafi` block of an issuer for Venafi TPP. */
export function renderVenafiTpp(ctx: IssuerContext, options: VenafiTppIssuerOptions): cm.IssuerSpecVenafi {
  if (!options) ctx.fail('venafiTpp options are missing; pass { zone, url, credentialsSecretName }');
  const zone = checkedZone(ctx, 'venafiTpp', options.zone, '\\\\VED\\\\Policy\\\\Teams\\\\Payments');
  checkHttpsUrl(ctx.scope, 'venafiTpp url', options.url);
  if (options.caBundle !== undefined && options.caBundleSecret !== undefined) {
    ctx.fail('venafiTpp sets both caBundle and caBundleSecret; set only one of them');
  }
  return {
    zone,
    tpp: {
      url: options.url,
      credentialsRef: {
        name: ctx.secretName('venafiTpp credentialsSecretName', options.credentialsSecretName, 'Venafi TPP credentials', false),
      },
      caBundle: options.caBundle === undefined ? undefined : pemBundle(ctx.scope, 'venafiTpp caBundle', options.caBundle),
      caBundleSecretRef: options.caBundleSecret && ctx.secretRef('venafiTpp caBundleSecret', options.caBundleSecret, 'Venafi TPP CA bundle'),
    },
  };
}

/** Renders the `venafi` block of an issuer for Venafi Cloud. */
export function renderVenafiCloud(ctx: IssuerContext, options: VenafiCloudIssuerOptions): cm.IssuerSpecVenafi {
  if (!options) ctx.fail('venafiCloud options are missing; pass { zone, apiTokenSecret }');
  const zone = checkedZone(ctx, 'venafiCloud', options.zone, 'Payments\\\\Default');
  const [application, template, ...rest] = zone.split('\\');
  if (!application || !template || rest.length > 0) {
    ctx.fail(`venafiCloud zone "${zone}" is not "<application name>\\<issuing template alias>"; set zone to the application and `
      + 'the issuing template alias separated by one backslash, e.g. "Payments\\\\Default" in a TypeScript string');
  }
  if (options.url !== undefined) checkHttpsUrl(ctx.scope, 'venafiCloud url', options.url);
  return {
    zone,
    cloud: {
      url: options.url,
      apiTokenSecretRef: ctx.secretRef('venafiCloud apiTokenSecret', options.apiTokenSecret, 'Venafi Cloud API key'),
    },
  };
}
