// Test helper (not a test): a small knowledge base in a temporary directory, with the
// project's country table and a handful of people and organisations written here, so the
// coder's tests do not depend on how complete data/kb is.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDictionarySources } from '../../loaders/coder.ts';
import { loadKnowledgeBase } from '../../loaders/kb.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { createCoder, type Coder } from './coder.ts';

const COUNTRIES = fileURLToPath(new URL('../../../data/kb/countries.tsv', import.meta.url));

const PEOPLE = `id\twikidata\tname\tcountry\taliases
barack-obama\tQ76\tBarack Obama\tUSA\tObama
vladimir-putin\tQ7747\tVladimir Putin\tRUS\tPutin
adel-al-jubeir\t\tAdel al-Jubeir\tSAU\tal-Jubeir
bashar-al-assad\tQ44329\tBashar al-Assad\tSYR\tAssad|al-Assad
recep-tayyip-erdogan\tQ39723\tRecep Tayyip Erdogan\tTUR\tErdogan
`;
const ROLES = `person\ttitle\tcountry\tsector\tstart\tend
barack-obama\tPresident\tUSA\tGOV\t2009-01-20\t2017-01-20
vladimir-putin\tPresident\tRUS\tGOV\t2012-05-07\t
adel-al-jubeir\tForeign Minister\tSAU\tGOV\t2015-04-29\t2018-12-27
bashar-al-assad\tPresident\tSYR\tGOV\t2000-07-17\t2024-12-08
recep-tayyip-erdogan\tPresident\tTUR\tGOV\t2014-08-28\t
`;
const ORGS = `code\twikidata\tkind\tcountry\tname\taliases\tmetonyms
IGOUNO\tQ1065\tigo\t\tUnited Nations\tUN|U.N.\t
IGOOSC\tQ81299\tigo\t\tOrganization for Security and Cooperation in Europe\tOSCE\t
LBNREBHEZ\tQ41053\tarmed-group\tLBN\tHezbollah\tHizbollah\t
`;

let cached: KnowledgeBase | undefined;

export function testKnowledgeBase(): KnowledgeBase {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-kb-'));
  copyFileSync(COUNTRIES, join(dir, 'countries.tsv'));
  writeFileSync(join(dir, 'people.tsv'), PEOPLE);
  writeFileSync(join(dir, 'roles.tsv'), ROLES);
  writeFileSync(join(dir, 'organisations.tsv'), ORGS);
  cached = loadKnowledgeBase(dir);
  return cached;
}

let coder: Coder | undefined;

export function testCoder(): Coder {
  coder ??= createCoder(testKnowledgeBase(), readDictionarySources());
  return coder;
}
