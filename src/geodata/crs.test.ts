import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import { crsFromEpsg, crsFromName, crsFromWkt, guessProjectedCrs, looksProjected, toWgs84, utmEpsg } from "./crs.js";

const UTM36N_PRJ =
  'PROJCS["WGS_1984_UTM_Zone_36N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",33.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

describe("CRS recognition", () => {
  it("computes UTM EPSG codes for every zone, north and south", () => {
    expect(utmEpsg(1, false)).toBe(32601);
    expect(utmEpsg(60, true)).toBe(32760);
    for (let zone = 1; zone <= 60; zone++) {
      for (const south of [false, true]) {
        const c = crsFromEpsg(utmEpsg(zone, south));
        // The central meridian maps to easting 500 km; the equator to northing 0 (north) or 10,000 km (south).
        const [lon, lat] = toWgs84(c ?? { label: "" }, [[[500_000, south ? 10_000_000 : 0]]])[0][0];
        expect(lon).toBeCloseTo(-183 + 6 * zone, 9);
        expect(lat).toBeCloseTo(0, 9);
      }
    }
    expect(crsFromEpsg(32661)).toBeUndefined();
  });

  it("Web Mercator: x = 20,037,508.34 m is the antimeridian; y at 45° matches the closed form", () => {
    const c = crsFromEpsg(3857);
    const R = 6378137;
    const y45 = R * Math.log(Math.tan(Math.PI / 4 + Math.PI / 8));
    const [[a, b]] = toWgs84(c ?? { label: "" }, [
      [
        [Math.PI * R, 0],
        [0, y45],
      ],
    ]);
    expect(a[0]).toBeCloseTo(180, 9);
    expect(b[1]).toBeCloseTo(45, 9);
  });

  it("reads EPSG names, URNs and CRS84", () => {
    expect(crsFromName("EPSG:32636")?.label).toBe("EPSG:32636 (UTM zone 36N)");
    expect(crsFromName("urn:ogc:def:crs:EPSG::32736")?.label).toBe("EPSG:32736 (UTM zone 36S)");
    expect(crsFromName("urn:ogc:def:crs:OGC:1.3:CRS84")?.proj).toBeUndefined();
    expect(crsFromName("EPSG:4326")?.proj).toBeUndefined();
    expect(crsFromName("EPSG:3857")?.label).toContain("Web Mercator");
    expect(crsFromName("EPSG:2154")).toBeUndefined();
    expect(crsFromName("nonsense")).toBeUndefined();
  });

  it("reads an ESRI .prj for UTM as the same transform as the EPSG code", () => {
    const c = crsFromWkt(UTM36N_PRJ);
    expect(c.label).toBe("EPSG:32636 (UTM zone 36N)");
    const ours = toWgs84(c, [[[412_345, 5_234_567]]])[0][0];
    const direct = proj4("+proj=utm +zone=36 +datum=WGS84", "WGS84", [412_345, 5_234_567]);
    expect(ours[0]).toBeCloseTo(direct[0], 12);
    expect(ours[1]).toBeCloseTo(direct[1], 12);
  });

  it("reads the ESRI .prj GDAL writes for Web Mercator", () => {
    const prj =
      'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]';
    expect(crsFromWkt(prj).label).toBe("EPSG:3857 (Web Mercator)");
  });

  it("treats geographic WGS84 WKT as degrees, and hands other projections to proj4", () => {
    expect(
      crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]]]').proj,
    ).toBeUndefined();
    const lcc =
      'PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",44.0],PARAMETER["Standard_Parallel_2",49.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]';
    const c = crsFromWkt(lcc);
    expect(c.proj).toBe(lcc);
    const [lon, lat] = toWgs84(c, [[[700_000, 6_600_000]]])[0][0];
    expect(lon).toBeCloseTo(3, 6);
    expect(lat).toBeCloseTo(46.5, 6);
    expect(() => crsFromWkt("PROJCS[garbage")).toThrow();
  });

  it("recognises metres and names the likely CRS", () => {
    expect(looksProjected(35.2, 47.1)).toBe(false);
    expect(looksProjected(412_345, 5_234_567)).toBe(true);
    expect(guessProjectedCrs(412_345, 5_234_567).likely).toMatch(/^UTM/);
    const merc = guessProjectedCrs(3_900_000, 5_960_000);
    expect(merc.likely).toMatch(/^Web Mercator metres \(EPSG:3857\), which would put it at 35\.03/);
    expect(merc.declare).toContain('crs: "EPSG:3857"');
  });
});
