// Names for the demo's accounts: a city, a word fitting the industry and a legal form, e.g.
// "Hangzhou Brightwave Technologies". Fictional, and unique within one book.
import type { Industry } from '../domain/kernel/index.js';
import type { Random } from './seeded-random.js';

export const REGIONS: readonly string[] = [
  'Shanghai',
  'Beijing',
  'Guangzhou',
  'Shenzhen',
  'Hangzhou',
  'Chengdu',
  'Wuhan',
  'Nanjing',
  'Tianjin',
  "Xi'an",
];

const WORDS: Readonly<Record<Industry, readonly string[]>> = {
  TECHNOLOGY: [
    'Brightwave',
    'Cloudpeak',
    'Datastream',
    'Quantum Leaf',
    'Nimbus',
    'Bitforge',
    'Skylink',
    'Vector',
  ],
  FINANCE: [
    'Golden Harbor',
    'Jade Trust',
    'Everbright',
    'Silver River',
    'Pinnacle',
    'Harmony',
    'Unity',
    'Crest',
  ],
  MANUFACTURING: [
    'Ironbridge',
    'Precision',
    'Red Lotus',
    'Steelworks',
    'Great Wall',
    'Summit',
    'Keystone',
    'Anvil',
  ],
  RETAIL: ['Fresh Market', 'Lucky Star', 'Sunrise', 'Happy Basket', 'Bamboo', 'Orchard', 'Lantern', 'Maple'],
  LOGISTICS: [
    'Swift Cargo',
    'Silk Road',
    'Blue Anchor',
    'Eastern Express',
    'Cargolink',
    'Waypoint',
    'Harbor',
    'Relay',
  ],
  ENERGY: [
    'Sunpower',
    'Green Grid',
    'Windrise',
    'Clearwater',
    'Thunder Peak',
    'Solaris',
    'Evergreen',
    'Ember',
  ],
  HEALTHCARE: [
    'Kindcare',
    'Lotus Medical',
    'Healthbridge',
    'Serene',
    'Vital',
    'Mercy',
    'Jade Cross',
    'Wellspring',
  ],
  GOVERNMENT: [
    'City Services',
    'Public Works',
    'Civic Data',
    'Transit',
    'Water Board',
    'Planning',
    'Archives',
    'Registry',
  ],
  EDUCATION: [
    'Bright Minds',
    'Scholar',
    'Lighthouse',
    'Open Book',
    'Academy',
    'Evergreen School',
    'Polytechnic',
    'Campus',
  ],
};

const FORMS: Readonly<Record<Industry, readonly string[]>> = {
  TECHNOLOGY: ['Technologies', 'Systems', 'Labs'],
  FINANCE: ['Bank', 'Securities', 'Insurance'],
  MANUFACTURING: ['Industries', 'Manufacturing', 'Machinery'],
  RETAIL: ['Stores', 'Retail Group', 'Supermarkets'],
  LOGISTICS: ['Logistics', 'Freight', 'Supply Chain'],
  ENERGY: ['Energy', 'Power', 'Utilities'],
  HEALTHCARE: ['Hospital', 'Health Group', 'Clinics'],
  GOVERNMENT: ['Bureau', 'Authority', 'Office'],
  EDUCATION: ['University', 'College', 'Education Group'],
};

export const accountNamer = () => {
  const used = new Set<string>();
  return (industry: Industry, region: string, rng: Random): string => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const name = `${region} ${rng.pick(WORDS[industry])} ${rng.pick(FORMS[industry])}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    // A crowded city and industry: number the branch.
    let branch = 2;
    const base = `${region} ${rng.pick(WORDS[industry])} ${rng.pick(FORMS[industry])}`;
    while (used.has(`${base} ${branch}`)) branch += 1;
    used.add(`${base} ${branch}`);
    return `${base} ${branch}`;
  };
};

const GIVEN = ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Yan', 'Jun', 'Hui', 'Tao', 'Ling', 'Qiang', 'Xin'];
const FAMILY = ['Li', 'Wang', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu', 'Xu', 'Sun'];

/** The person who signs for the account, as printed on the contract. */
export const signatory = (rng: Random): string => `${rng.pick(FAMILY)} ${rng.pick(GIVEN)}, procurement`;
