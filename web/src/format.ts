export { fmt, shortNum } from "../../src/report/svg";
