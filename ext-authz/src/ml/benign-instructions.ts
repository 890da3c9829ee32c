// Training-only negatives written for this project: ordinary English instructions and
// questions of the kind applications send all day (explain, write, summarise, translate,
// classify, fix this code). The public training rows have few of them, while the attack
// rows are full of imperatives ("Write a tutorial…", "Explain how…"), so without these a
// bag-of-n-grams model learns "imperative English = attack". Generated from templates
// with a fixed seed; no dataset text is used.
import { mulberry32 } from './train-logistic.js';

const TOPICS = [
  'photosynthesis', 'the French Revolution', 'compound interest', 'black holes', 'the immune system', 'supply and demand',
  'machine learning', 'climate change', 'the water cycle', 'quantum computing', 'the Roman Empire', 'plate tectonics',
  'vaccines', 'inflation', 'the stock market', 'renewable energy', 'the human heart', 'DNA replication', 'the Cold War',
  'electric cars', 'blockchain', 'the Renaissance', 'volcanoes', 'sleep', 'meditation', 'coffee', 'jazz', 'chess openings',
  'the Olympic Games', 'the printing press', 'bees', 'coral reefs', 'the moon landing', 'Shakespeare', 'impressionism',
  'TCP/IP', 'public key cryptography', 'recursion', 'garbage collection', 'container orchestration', 'SQL joins', 'REST APIs',
  'unit testing', 'Git branching', 'Docker images', 'Kubernetes pods', 'CSS grid', 'React hooks', 'Rust ownership',
  'Python decorators', 'the Luhn algorithm', 'regular expressions', 'OAuth', 'rate limiting', 'load balancers', 'DNS',
  'a balanced diet', 'marathon training', 'houseplants', 'sourdough bread', 'budgeting', 'job interviews', 'public speaking',
  'remote work', 'time management', 'learning a language', 'first aid', 'composting', 'bird migration', 'tea ceremonies',
  'the Korean alphabet', 'kimchi', 'Seoul', 'the Silk Road', 'the Great Wall', 'Antarctica', 'the Amazon rainforest',
];
const FORMS = ['short story', 'poem', 'haiku', 'limerick', 'blog post', 'product description', 'cover letter', 'thank-you note', 'tweet', 'speech', 'essay', 'email', 'song', 'dialogue', 'lesson plan', 'recipe', 'FAQ', 'press release'];
const AUDIENCES = ['a five-year-old', 'a high school student', 'a beginner', 'an expert', 'my grandmother', 'a new employee', 'a busy manager', 'a software engineer'];
const LANGS = ['French', 'Spanish', 'German', 'Korean', 'Japanese', 'Italian', 'Portuguese', 'Chinese'];
const CODE_TASKS = [
  'reverses a linked list', 'parses a CSV file', 'validates an email address', 'computes a Luhn checksum', 'reads a JSON config file',
  'retries an HTTP request with backoff', 'merges two sorted arrays', 'finds duplicate files', 'formats a date as ISO 8601',
  'counts word frequencies', 'implements binary search', 'debounces a function', 'sorts objects by a key', 'generates a UUID',
];
const CODE_LANGS = ['Python', 'TypeScript', 'Go', 'Rust', 'Java', 'C#', 'Bash', 'SQL', 'Kotlin', 'Ruby'];

const TEMPLATES: ReadonlyArray<(p: Picker) => string> = [
  (p) => `Explain ${p.topic()} to ${p.audience()}.`,
  (p) => `Can you explain how ${p.topic()} works?`,
  (p) => `What is ${p.topic()}? Keep it short.`,
  (p) => `Write a ${p.form()} about ${p.topic()}.`,
  (p) => `Write a ${p.form()} about ${p.topic()} for ${p.audience()}.`,
  (p) => `Summarize the key ideas of ${p.topic()} in three bullet points.`,
  (p) => `Summarize the following text in two sentences: ${p.sentence()}`,
  (p) => `Translate into ${p.lang()}: ${p.sentence()}`,
  (p) => `Translate the following sentence to ${p.lang()}: "${p.sentence()}"`,
  (p) => `Write a ${p.codeLang()} function that ${p.codeTask()}.`,
  (p) => `Fix the bug in this ${p.codeLang()} code that ${p.codeTask()} and explain the change.`,
  (p) => `Review my ${p.codeLang()} code that ${p.codeTask()} and suggest improvements.`,
  (p) => `Give me five interview questions about ${p.topic()}.`,
  (p) => `Create a quiz with answers about ${p.topic()}.`,
  (p) => `Compare ${p.topic()} and ${p.topic()}.`,
  (p) => `List the pros and cons of ${p.topic()}.`,
  (p) => `Classify the sentiment of this review as positive or negative: "${p.review()}"`,
  (p) => `Is the following statement true or false? ${p.sentence()}`,
  (p) => `Answer the question based on the passage. Passage: ${p.sentence()} Question: what is the main point?`,
  (p) => `You are a helpful assistant. Help me plan a week of meals around ${p.topic()}.`,
  (p) => `Act as a tutor and quiz me on ${p.topic()}.`,
  (p) => `Pretend you are a tour guide and describe ${p.topic()}.`,
  (p) => `Ignore the typos in my notes and turn them into a clean ${p.form()} about ${p.topic()}.`,
  (p) => `Please rewrite this paragraph to sound more formal: ${p.sentence()}`,
  (p) => `Generate a title for an article about ${p.topic()}.`,
  (p) => `Describe ${p.topic()} in the style of a news report.`,
  (p) => `What are common mistakes beginners make with ${p.topic()}?`,
  (p) => `How do I get started with ${p.topic()}?`,
  (p) => `Write step-by-step instructions for learning ${p.topic()}.`,
  (p) => `Tell me a fun fact about ${p.topic()}.`,
  (p) => `Create a study plan for ${p.topic()} over four weeks.`,
  (p) => `Write a unit test in ${p.codeLang()} for a function that ${p.codeTask()}.`,
  (p) => `Explain the difference between ${p.topic()} and ${p.topic()} with an example.`,
  (p) => `Draft an email to my team about ${p.topic()}.`,
  (p) => `Detect whether this text is about ${p.topic()}: "${p.sentence()}" Answer yes or no.`,
  (p) => `In this task, you are given a sentence. Your job is to decide whether it mentions ${p.topic()}. Sentence: ${p.sentence()}`,
  (p) => `You will be given a passage and a question. Answer using only the passage. Passage: ${p.sentence()} Question: when?`,
  (p) => `Given the review "${p.review()}", output the star rating from 1 to 5.`,
  (p) => `${p.chat()}`,
  (p) => `${p.chat()} ${p.chat()}`,
  (p) => `hello! ${p.chat()}`,
  (p) => `You will be given a definition of a task first, then some input of the task. ${p.taskDefinition()} Input: ${p.sentence()} Output:`,
  (p) => `In this task, you're given ${p.taskInput()}. ${p.taskDefinition()} Your answer should be ${p.answerForm()}.`,
  (p) => `Definition: ${p.taskDefinition()} Input: ${p.sentence()}`,
  (p) => `Given ${p.taskInput()}, ${p.taskDefinition().toLowerCase()} Output ${p.answerForm()}.`,
  (p) => `Detect if the following text is ${p.label()} or not. Text: ${p.sentence()}`,
  (p) => `Q: ${p.sentence()} Is this statement about ${p.topic()}? Options: - yes - no - it is not possible to tell. A:`,
  (p) => `Premise: "${p.sentence()}" Hypothesis: "${p.sentence()}" Is the hypothesis entailed by the premise?`,
  (p) => `Read the passage and answer the question. ${p.sentence()} ${p.sentence()} Question: what happened next?`,
  (p) => `${p.chat()} ${p.chat()} ${p.chat()}`,
  (p) => `I would like you to help me ${p.helpTask()}.`,
  (p) => `Could you assist me in ${p.helpTask().replace(/^(\w+)/, '$1ing')}?`,
];

const TASK_DEFINITIONS = [
  'Classify the sentence into one of the given categories.', 'Generate a question whose answer is the given word.',
  'Write an incorrect answer that still sounds plausible.', 'Decide whether the two sentences agree, disagree or are unrelated.',
  'Identify the main topic of the paragraph.', 'Rewrite the sentence in passive voice.', 'Count the nouns in the sentence.',
  'Fill in the blank with the most suitable word.', 'Extract all the dates mentioned in the text.', 'Summarize the review in one sentence.',
  'Find the word that does not belong to the list.', 'Translate the sentence from English to German.',
];
const TASK_INPUTS = ['a sentence', 'a short story', 'a product review', 'a question and a context passage', 'a list of words', 'two sentences', 'a news headline', 'a conversation between two people'];
const ANSWER_FORMS = ['a single word', '"yes" or "no"', 'a number', 'one of the categories', 'a complete sentence', 'in lowercase'];
const LABELS = ['sarcastic', 'positive', 'about sports', 'a question', 'written in the past tense', 'formal'];
const HELP_TASKS = ['plan a birthday party for my daughter', 'write a cover letter for a marketing job', 'organise my weekly schedule', 'choose a laptop for programming', 'prepare for a job interview', 'understand my electricity bill', 'improve my essay', 'learn basic Spanish phrases'];

const CHAT = [
  'how are you today?', 'tell me about yourself.', 'what do you like to do on weekends?', 'i just got back from a long walk with my dog.',
  'that sounds great, i love hiking too.', 'i work as a nurse, it is tiring but rewarding.', 'do you have any pets?', 'i am so tired today lol.',
  'what is your favorite movie?', 'my sister is visiting next week.', 'haha that is funny.', 'i am learning to play the guitar.',
  'nice to meet you!', 'what music do you listen to?', 'i just finished painting my kitchen.', 'are you a morning person?',
  'i will be right back, need more coffee.', 'that is a good question, let me think.', 'i bet that was a lot of fun.',
  'we should talk again tomorrow.', 'i love the rain, it is relaxing.', 'what are you up to?', 'thanks, you too!',
  'oh no, that sounds awful.', 'lol yes exactly', 'i think there is always something better to do with money.', 'no no no, that is not what i meant.',
  'my kids keep me busy all day.', 'we just moved to a new city.', 'i mostly watch movies on weekends.', 'that must have been hard for you.',
  'i used to play football in college.', 'honestly i prefer cats.', 'where did you grow up?', 'do you like to travel?',
  'my favorite food is pizza, what is yours?', 'i grew up on a farm in iowa.', 'sorry, i did not catch that.',
];

const SENTENCES = [
  'The meeting has been moved to Thursday afternoon because the projector is broken.',
  'Our quarterly revenue grew by twelve percent, driven mostly by new customers in Europe.',
  'The recipe calls for two cups of flour, one egg and a pinch of salt.',
  'The train to Busan leaves at nine and arrives shortly after noon.',
  'Researchers found that regular walking improves sleep quality in older adults.',
  'The library will be closed on Monday for the national holiday.',
  'Please remember to submit your expense reports before the end of the month.',
  'The new update fixes a crash when opening large files and improves battery life.',
  'Honey never spoils if it is stored in a sealed container.',
  'The city council approved a plan to add more bicycle lanes downtown.',
];
const REVIEWS = [
  'The battery lasts all day and the screen is gorgeous.', 'It broke after two days and support never answered.',
  'Decent value for the price, but the instructions were confusing.', 'Absolutely loved the food and the friendly staff.',
  'The hotel room was noisy and smelled of smoke.', 'Fast shipping, works exactly as described.',
];

interface Picker {
  topic(): string;
  form(): string;
  audience(): string;
  lang(): string;
  codeLang(): string;
  codeTask(): string;
  sentence(): string;
  review(): string;
  chat(): string;
  taskDefinition(): string;
  taskInput(): string;
  answerForm(): string;
  label(): string;
  helpTask(): string;
}

export function benignInstructions(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const picker: Picker = {
    topic: () => pick(TOPICS),
    form: () => pick(FORMS),
    audience: () => pick(AUDIENCES),
    lang: () => pick(LANGS),
    codeLang: () => pick(CODE_LANGS),
    codeTask: () => pick(CODE_TASKS),
    sentence: () => pick(SENTENCES),
    review: () => pick(REVIEWS),
    chat: () => pick(CHAT),
    taskDefinition: () => pick(TASK_DEFINITIONS),
    taskInput: () => pick(TASK_INPUTS),
    answerForm: () => pick(ANSWER_FORMS),
    label: () => pick(LABELS),
    helpTask: () => pick(HELP_TASKS),
  };
  const out = new Set<string>();
  for (let i = 0; out.size < count && i < count * 20; i++) out.add(pick(TEMPLATES)(picker));
  return [...out];
}
