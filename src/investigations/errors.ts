// Error codes of the investigations capability (judicial requisitions, citizens' access requests), listed in
// docs/errors.md. The messages themselves are French: an investigator reads them as they come.

/** Code → one-line meaning. */
export const INVESTIGATION_ERRORS = {
  VIGIE_REQUISITION_REFERENCE_INVALID: 'the procedure reference is not of the form AAAA/NNNNN (optionally preceded by the service code)',
  VIGIE_REQUISITION_FIELD_INVALID: 'a requisition field (officer, quality, service, contact, legal basis, reason, note) is missing, blank or too long; details.field names it',
  VIGIE_REQUISITION_RANGE_INVALID: 'the requisition time range ends before it starts, lies in the future, or the end date of the scope is not after now',
  VIGIE_REQUISITION_BEYOND_RETENTION: 'the time range starts before the retention of a camera: that footage no longer exists',
  VIGIE_REQUISITION_FOOTAGE_DESTROYED: 'a camera holds no recorded footage in the range (destroyed at the end of its retention, or never recorded)',
  VIGIE_REQUISITION_PLACE_MISSING: 'the requisition names no camera and no area, or its area holds no camera',
  VIGIE_REQUISITION_AREA_INVALID: 'the area of the requisition is not a valid GeoJSON Polygon',
  VIGIE_REQUISITION_CAMERA_UNKNOWN: 'a camera named by the requisition does not exist',
  VIGIE_REQUISITION_OVERLAP: 'an open requisition of the same procedure already covers these cameras over an overlapping range',
  VIGIE_REQUISITION_INVESTIGATOR_INVALID: 'the investigator named is not an active investigator account: unknown, of another role, disabled, or habilitation not in force',
  VIGIE_REQUISITION_NOT_FOUND: 'no such requisition among those the caller may see',
  VIGIE_REQUISITION_STATE: 'the requisition is not in a state that allows this (e.g. extracting a refused one, closing before the handover is acknowledged)',
  VIGIE_REQUISITION_SCOPE_EXPIRED: 'the scope of the requisition has ended: an extension is asked before its end date, a new requisition after',
  VIGIE_REQUISITION_EXTENSION_EMPTY: 'the extension asks nothing beyond the current scope: no camera added, the same range, no later end date',
  VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE: "the bookmark's camera or instant lies outside the requisition (its cameras, its range) or the caller's view, or the requisition grants nothing now",
  VIGIE_REQUISITION_BOOKMARK_NOT_FOUND: 'no such bookmark in this requisition',
  VIGIE_ACCESS_REQUEST_FIELD_INVALID: 'an access request field is missing, blank or too long; details.field names it',
  VIGIE_ACCESS_REQUEST_NOT_FOUND: 'no such access request',
  VIGIE_ACCESS_REQUEST_STATE: 'the access request is not in a state that allows this',
  VIGIE_SEARCH_RANGE_INVALID: 'the forensic search range is missing, ends before it starts, or starts in the future',
  VIGIE_SEARCH_BEYOND_RETENTION: 'the forensic search range starts before the retention of a camera searched (and no hold keeps that footage)',
  VIGIE_SEARCH_CLASS_UNKNOWN: 'an object class asked is not one the analytics pipeline detects and stores',
  VIGIE_SEARCH_COLOUR_UNKNOWN: 'a colour asked is not one of the French colour names the pipeline gives',
  VIGIE_SEARCH_DIRECTION_INVALID: 'the direction sector is not two different angles from 0 to 360 degrees',
  VIGIE_SEARCH_ZONE_INVALID: 'the zone drawn on the picture is not a polygon of 3 to 64 normalised points with an area',
  VIGIE_SEARCH_LINE_INVALID: 'the line to cross is not two distinct normalised points',
  VIGIE_SEARCH_ZONE_CAMERA: 'a zone or a line is drawn on one camera picture: the search must name exactly one camera',
  VIGIE_SEARCH_AREA_INVALID: 'the area drawn on the map is not a valid GeoJSON Polygon, or holds no camera',
  VIGIE_SEARCH_CAMERA_UNKNOWN: 'a camera named by the search does not exist (or more than 1000 are named)',
  VIGIE_SEARCH_OUT_OF_SCOPE: "a camera named is outside the caller's communes, or (investigator) no requisition in force covers it over the range",
  VIGIE_SEARCH_PAGE_INVALID: 'the page is not a whole number from 1, or the page size is not 1 to 100',
  VIGIE_SEARCH_TOO_BROAD: 'a zone or line search would examine more than 200 000 detections: narrow the range or the class',
  VIGIE_ACCESS_REQUEST_BOX_INVALID: "the requester's box is not inside the picture (x, y, w, h between 0 and 1) or names another camera",
  VIGIE_TOPOLOGY_LINK_INVALID: 'a topology link is malformed: unknown direction, a camera linked to itself, travel times not 0 ≤ min ≤ max ≤ 7200 s, or more than 64 links',
  VIGIE_TOPOLOGY_CAMERA_UNKNOWN: "a camera named by the topology does not exist, or is outside the caller's communes",
  VIGIE_TRAJECTORY_NOT_FOUND: 'no such trajectory among those the caller may see',
  VIGIE_TRAJECTORY_SIGHTING_INVALID: 'the sighting is malformed: instant not a whole number of ms, box outside the picture, or a detection of another camera or instant',
  VIGIE_TRAJECTORY_CAMERA_UNKNOWN: "the sighting's camera does not exist",
  VIGIE_TRAJECTORY_OUT_OF_SCOPE: "the sighting lies outside the requisition (its cameras, its range) or the caller's scope, or the requisition grants nothing now",
  VIGIE_TRAJECTORY_BACKWARDS: 'a sighting chained to a trajectory must come after its last sighting: a chain does not go back in time',
  VIGIE_TRAJECTORY_EMPTY: 'a trajectory needs at least one sighting to be created, and one to be exported',
  VIGIE_TRAJECTORY_EXPORT_FAILED: "the trajectory's package could not be built (a clip's footage unreadable): the exports' journal says why",
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof INVESTIGATION_ERRORS, true> {}
}
