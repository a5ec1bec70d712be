// @ts-check
// The JSON the live dashboard reads (GET api/{symbol}/snapshot, the stream's events, GET api/{symbol}/flows), as the
// C# views in src/DealerFlow.Web/Live/Views.cs and Api/*.cs write it. Numbers are in the unit the view names
// (view.unit: usd-per-1pct, usd-per-point or shares-per-usd) unless a field says shares, $ or price.

/**
 * @typedef {{ value: number, unit: string }} Amount
 * @typedef {{ unit: string, unitLabel: string, model: string, expiry: string, expiryDescription: string }} View
 * @typedef {{ symbol: string, status: string, error?: string | null, errorAt?: string | null, chainVersion: number,
 *   spot: number | null, chainSpot: number | null, asOf: string | null, spotSource: string, timeliness?: string | null }} SymbolInfo
 * @typedef {{ spot: number, regime: string, zeroGamma: number | null, distanceToFlip: number | null,
 *   distanceToFlipPct: number | null, netGex: number, unit: string, at: string, symbol: string, sequence: number }} Tick
 * @typedef {{ strike: number, calls: number, puts: number, net: number }} StrikeGex
 * @typedef {{ spot: number, zeroGamma: number | null, callWall: number | null, callWallGex?: Amount | null,
 *   putWall: number | null, putWallGex?: Amount | null, absoluteGammaStrike: number | null,
 *   absoluteGammaStrikeGex?: Amount | null, totalGex: Amount, deltaExposure?: Amount | null,
 *   deltaExposureDollars?: Amount | null, gammaTilt: number | null, impliedMove: number | null,
 *   impliedMovePct: number | null, atmIv: number, topStrikes: StrikeGex[] }} Levels
 * @typedef {{ zeroGamma: number | null, callWall: number | null, putWall: number | null, absoluteGammaStrike: number | null,
 *   totalGex: number, deltaExposure: number | null, gammaTilt: number | null, impliedMove: number | null,
 *   topStrikes?: number[] }} LevelValues
 * @typedef {{ levels: Levels, tick: Tick, current: LevelValues, previous: LevelValues | null,
 *   atChainSpot: { zeroGamma: number | null, callWall: number | null, putWall: number | null, absoluteGammaStrike: number | null } | null }} LevelsUpdate
 * @typedef {{ expiry: string, settlement: string, calls: number, puts: number, net: number }} ExpiryGex
 * @typedef {{ spot: number, callWall: number | null, putWall: number | null, byStrike: StrikeGex[], byExpiry: ExpiryGex[] }} Exposure
 * @typedef {{ spot: number, gex: number, gexExNextExpiry: number }} ProfilePoint
 * @typedef {{ points: ProfilePoint[], crossings: number[], zeroGamma: number | null, nextExpiry: string | null }} Profile
 * @typedef {{ at: string, source: string, spot: number | null, zeroGamma: number | null, callWall: number | null,
 *   putWall: number | null, absoluteGammaStrike: number | null }} HistoryPoint
 * @typedef {{ state: string, written: number, writes: boolean, location?: string | null, error?: string | null, errorAt?: string | null }} StoreState
 * @typedef {{ times: string[], strikes: number[], cells: (number | null)[][] }} Heatmap
 * @typedef {{ view: View, points: HistoryPoint[], heatmap: Heatmap, store: StoreState | null }} History
 * @typedef {{ at: string, message: string }} Alert
 * @typedef {{ symbol: SymbolInfo, view: View, viewError?: string | null, levels: LevelsUpdate | null,
 *   exposure: Exposure, profile: Profile, history: History, alerts: Alert[] }} Snapshot
 * @typedef {{ expiry: string, settlement: string, shares: number }} FlowExpiry
 * @typedef {{ label: string, to: number | null, movePct: number, shares: number, dollars: number, direction: string,
 *   dampening: boolean, note?: string | null, topExpiries: FlowExpiry[] }} Flow
 * @typedef {{ spot: number, dealerDeltaShares: number }} DeltaPoint
 * @typedef {{ symbol: SymbolInfo, model: string, modelDescription: string, expiryDescription: string, asOf: string,
 *   spot: number, dealerDeltaAtSpot: number, dealerDeltaAtSpotDollars: number, zeroGamma: number | null,
 *   callWall: number | null, putWall: number | null, flows: Flow[], deltaProfile: DeltaPoint[] }} Flows
 * @typedef {{ head: string, why: string }} Missing   why a view has no levels: a heading and the server's reason (text, not HTML)
 * @typedef {{ render(s: Snapshot): void, clear(s: Snapshot, missing: Missing): void, tick?(spot: number, s: Snapshot): void }} Panel
 *   A panel of the live page: render draws it from a snapshot with levels; clear shows why there are none (panels that
 *   do not depend on the view's levels, such as the history, render what they have); tick moves its spot marks.
 */

export {};
