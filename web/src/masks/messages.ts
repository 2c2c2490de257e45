// French sentences for the masks API's error codes (the console never shows server text).
const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_MASK_POLYGON_EMPTY: 'Un masque doit avoir au moins 3 points (64 au plus) et une surface : une ligne ou un point ne masque rien.',
  VIGIE_MASK_POLYGON_SELF_INTERSECTING: 'Un masque se croise lui-même : redessinez-le sans que ses côtés se coupent.',
  VIGIE_MASK_POLYGON_OUTSIDE: 'Un point du masque est hors de l’image (ou hors de portée de la tourelle).',
  VIGIE_MASK_CALIBRATION_MISSING: 'Pour une caméra mobile, faites d’abord l’étalonnage guidé : le masque doit suivre les mouvements de la tourelle.',
  VIGIE_MASK_CALIBRATION_DIVERGED:
    'L’étalonnage n’a pas abouti : l’image ne suit pas les mouvements de la tourelle, manque de détails ou les mesures ne concordent pas. Orientez la caméra vers une scène nette et immobile, puis recommencez.',
  VIGIE_MASK_CALIBRATION_RUNNING: 'Un étalonnage de cette caméra est déjà en cours : attendez qu’il se termine.',
  VIGIE_MASK_NO_PICTURE: 'La caméra ne diffuse aucune image en ce moment (hors ligne, ou masquage en panne) : impossible de dessiner ou d’étalonner. Réessayez quand elle est en ligne.',
  VIGIE_PTZ_HELD: 'La caméra est pilotée en ce moment par un opérateur ou un chef de salle : l’étalonnage attend qu’il rende la main.',
  VIGIE_PTZ_NOT_PTZ: 'Cette caméra n’est pas une caméra orientable pilotable : elle n’a pas besoin d’étalonnage.',
  VIGIE_ONVIF_UNREACHABLE: 'La caméra ne répond pas à ses commandes ONVIF : vérifiez qu’elle est en ligne.',
  VIGIE_MASK_CAMERA_UNKNOWN: 'Cette caméra n’existe pas (ou plus).',
  VIGIE_MASK_PUSH_UNSUPPORTED:
    'Cette caméra ne peut pas appliquer elle-même les masques (pas de masques ONVIF, caméra orientable dont les masques doivent suivre la tourelle, ou aucun masque enregistré) : Vigie les incruste.',
  VIGIE_ONVIF_AUTH: 'La caméra refuse l’identifiant ou le mot de passe enregistrés pour elle.',
  VIGIE_ONVIF_FAULT: 'La caméra a refusé les masques : Vigie continue de les incruster.',
  VIGIE_MASK_PIPELINE_FAILED: 'Le masquage de cette caméra est en panne : elle n’enregistre ni ne diffuse rien tant qu’il ne fonctionne pas.',
};

/** The French sentence for an error code of the masks API, or a general one. */
export function maskErrorMessage(code: string | undefined): string {
  return (code !== undefined ? MESSAGES[code] : undefined) ?? 'Les masques n’ont pas pu être enregistrés. Réessayez ; si cela persiste, prévenez le support.';
}
